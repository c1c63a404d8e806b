package io.securecart.platform.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.platform.messaging.MessageTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox rows the relay set aside because the broker refused them for good (ADR 43): the outbox's dead-letter
 * queue. Republishing one puts it back at its place in its FIFO group (its sequence number is unchanged), once the
 * cause is fixed (a key policy, a queue's maximum size); discarding one deletes it, and the audit trail keeps who did,
 * what it was and why the broker refused it. Nothing leaves the outbox unpublished otherwise.
 */
public class SetAsideRows {

	/** The most rows one listing shows, oldest first. */
	static final int LISTED = 100;

	private static final String COLUMNS = """
			select id, destination, event_type, group_id, payload::jsonb ->> 'orderId' as order_id, attempts,
			       refusals, last_error, created_at, set_aside_at, payload
			from outbox_message
			where set_aside_at is not null and published_at is null
			""";

	private static final String PUT_BACK = """
			update outbox_message set set_aside_at = null, refusals = 0, attempts = 0, next_attempt_at = now()
			where set_aside_at is not null and published_at is null
			""";

	private final JdbcClient jdbc;

	private final OutboxRelay relay;

	SetAsideRows(JdbcClient jdbc, OutboxRelay relay) {
		this.jdbc = jdbc;
		this.relay = relay;
	}

	public List<SetAsideRow> list() {
		return jdbc.sql(COLUMNS + "order by seq limit :limit").param("limit", LISTED).query(SetAsideRows::row).list();
	}

	/**
	 * Puts one row back in line, due now, with its refusals and attempts forgotten (its backoff starts again short).
	 * First it waits for the rows of its group that a relay round is publishing (their locks): a row put back while a
	 * later row of its group goes out would be a second row of the group in flight at once. (A round whose claim
	 * began before this commits can still take that later row; ADR 43 says why that window is left.)
	 */
	@Transactional
	public void republish(UUID id) {
		jdbc.sql("""
				select id from outbox_message
				where published_at is null and (id = :id or (destination, group_id) = (
				    select destination, group_id from outbox_message where id = :id and group_id is not null))
				order by seq
				for update
				""").param("id", id).query(UUID.class).list();
		int republished = jdbc.sql(PUT_BACK + "and id = :id").param("id", id).update();
		if (republished == 0) {
			throw new SetAsideRowNotFoundException(id);
		}
		wakeRelayAfterCommit();
	}

	/** @return how many rows were put back in line, each at its place in its group (see {@link #republish}) */
	@Transactional
	public int republishAll() {
		jdbc.sql("""
				select id from outbox_message
				where published_at is null and (set_aside_at is not null or (destination, group_id) in (
				    select destination, group_id from outbox_message
				    where set_aside_at is not null and published_at is null and group_id is not null))
				order by seq
				for update
				""").query(UUID.class).list();
		int republished = jdbc.sql(PUT_BACK).update();
		if (republished > 0) {
			wakeRelayAfterCommit();
		}
		return republished;
	}

	/** @return the row as it was, for the audit trail */
	@Transactional
	public SetAsideRow discard(UUID id) {
		Optional<SetAsideRow> row = jdbc.sql(COLUMNS + "and id = :id for update")
			.param("id", id)
			.query(SetAsideRows::row)
			.optional();
		row.ifPresent(found -> jdbc.sql("delete from outbox_message where id = :id").param("id", id).update());
		return row.orElseThrow(() -> new SetAsideRowNotFoundException(id));
	}

	/** After the commit: before it, the relay's round would not see the rows put back. */
	private void wakeRelayAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				relay.wakeUp();
			}
		});
	}

	private static SetAsideRow row(ResultSet rs, int rowNumber) throws SQLException {
		return new SetAsideRow(rs.getObject("id", UUID.class), rs.getString("destination"),
				rs.getString("event_type"), rs.getString("group_id"), rs.getString("order_id"), rs.getInt("attempts"),
				rs.getInt("refusals"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("set_aside_at").toInstant(), MessageTokens.masked(rs.getString("payload")));
	}
}
