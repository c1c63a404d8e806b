package io.securecart.inventory.datasource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** A row of the position query, read: a lag the replica cannot tell stays unknown, never zero. */
class DatabasePositionTest {

	@Test
	void aReplicaThatCannotTellItsLagHasNone() throws SQLException {
		DatabasePosition position = DatabasePosition.of(row(true, "0/3A41F28", null));

		assertThat(position.replica()).isTrue();
		assertThat(position.replayed()).isEqualTo(Lsn.of("0/3A41F28"));
		assertThat(position.lag()).as("unknown, not caught up").isNull();
	}

	@Test
	void aReplicaThatCanTellHasItsLag() throws SQLException {
		assertThat(DatabasePosition.of(row(true, "0/3A41F28", 120L)).lag()).isEqualTo(Duration.ofMillis(120));
	}

	@Test
	void thePrimaryIsNeverBehind() throws SQLException {
		DatabasePosition primary = DatabasePosition.of(row(false, null, 0L));

		assertThat(primary.replica()).isFalse();
		assertThat(primary.replayed()).isNull();
		assertThat(primary.lag()).isZero();
	}

	private static ResultSet row(boolean replica, String replayed, Long lagMillis) throws SQLException {
		ResultSet row = mock(ResultSet.class);
		given(row.getBoolean("replica")).willReturn(replica);
		given(row.getString("replayed")).willReturn(replayed);
		given(row.getObject("lag_ms", Long.class)).willReturn(lagMillis);
		given(row.getLong("lag_ms")).willReturn(lagMillis == null ? 0L : lagMillis);
		return row;
	}
}
