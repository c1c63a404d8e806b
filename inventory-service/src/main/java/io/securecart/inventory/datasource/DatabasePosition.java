package io.securecart.inventory.datasource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the server behind a connection stands, as that server reports it: a replica or the primary, how far a
 * replica has replayed the primary's WAL, and how far behind the primary it is.
 *
 * <p>
 * The lag is {@code now - pg_last_xact_replay_timestamp()}: how long ago the last transaction the replica shows
 * committed on the primary. Measured that way alone, a replica of a primary that wrote nothing for an hour would
 * "lag" an hour; so when the replica has replayed all the WAL it received, the lag is zero.
 *
 * @param replica whether the server is a standby ({@code pg_is_in_recovery()})
 * @param replayed on a replica, how far it has replayed ({@code pg_last_wal_replay_lsn()}); null on the primary
 * @param lag how far the data trails the primary: zero on the primary; null if a replica cannot tell yet (it has
 * WAL to replay but has not replayed any transaction since it started)
 */
public record DatabasePosition(boolean replica, @Nullable Lsn replayed, @Nullable Duration lag) {

	private static final String QUERY = """
			select pg_is_in_recovery() as replica,
			       pg_last_wal_replay_lsn()::text as replayed,
			       case
			           when not pg_is_in_recovery() then 0
			           when pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() then 0
			           when pg_last_xact_replay_timestamp() is null then null
			           else greatest(0, extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)
			       end::bigint as lag_ms
			""";

	/** Asks the server behind {@code jdbc}'s connection (inside a transaction: that transaction's server). */
	public static DatabasePosition of(JdbcClient jdbc) {
		return jdbc.sql(QUERY).query((rs, row) -> of(rs)).single();
	}

	static DatabasePosition of(ResultSet row) throws SQLException {
		String replayed = row.getString("replayed");
		Long lagMillis = row.getObject("lag_ms", Long.class);
		return new DatabasePosition(row.getBoolean("replica"), replayed == null ? null : Lsn.of(replayed),
				lagMillis == null ? null : Duration.ofMillis(lagMillis));
	}

	/**
	 * Whether data read here now includes every transaction that committed on the primary at or before
	 * {@code position}. The primary always does.
	 */
	public boolean reflects(Lsn position) {
		return !replica || (replayed != null && replayed.isAtLeast(position));
	}
}
