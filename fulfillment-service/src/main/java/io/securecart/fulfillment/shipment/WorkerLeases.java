package io.securecart.fulfillment.shipment;

import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The task workers of every instance of this service that admits fulfilments to a state machine, as leases in its
 * database ({@code worker_lease}): each instance's admission renews its own at every round and reads the others'
 * whose lease still runs, in one statement ({@link FulfillmentAdmission}). Step Functions and SQS do not say who
 * their callers are, and the database is the one thing every instance shares. An instance that stops deletes its
 * lease ({@link #release}); one that dies is forgotten once its lease runs out, and its row an hour later, by any
 * instance's renewal.
 */
@Component
class WorkerLeases {

	/** Asked on the admission's thread every round: a database slower than this leaves the last read in force. */
	static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

	/** A lease that ran out this long ago is deleted; until then a row left by a restart is merely ignored. */
	static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

	private final JdbcClient jdbc;

	WorkerLeases(DataSource dataSource) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout((int) QUERY_TIMEOUT.toSeconds());
		this.jdbc = JdbcClient.create(template);
	}

	/**
	 * Renews {@code own} lease on admission to {@code stateMachine} for {@code lease} and answers the other instances'
	 * leases on it that still run. When a lease runs out is the database's clock's to say, in the statement
	 * ({@code now()}), never an instance's: a JVM whose clock is behind would write a lease already run out for the
	 * others, one ahead would keep the dead. {@code own}'s {@code expiresAt} is not written. Rows forgotten long ago
	 * are deleted on the way, those another renewal is deleting skipped (two instances never wait on each other here).
	 */
	List<WorkerLease> renew(String stateMachine, WorkerLease own, Duration lease) {
		return jdbc.sql("""
				with forgotten as (
				    delete from worker_lease where instance_id in (
				        select instance_id from worker_lease
				        where expires_at < now() - make_interval(secs => :forgottenSeconds) for update skip locked)),
				renewed as (
				    insert into worker_lease (instance_id, state_machine, workers, step_nanos, expires_at)
				    values (:instance, :stateMachine, :workers, :stepNanos, now() + make_interval(secs => :leaseSeconds))
				    on conflict (instance_id) do update set state_machine = excluded.state_machine,
				        workers = excluded.workers, step_nanos = excluded.step_nanos, expires_at = excluded.expires_at)
				select instance_id, workers, step_nanos, expires_at from worker_lease
				where state_machine = :stateMachine and expires_at > now() and instance_id <> :instance
				""")
			.param("forgottenSeconds", seconds(FORGOTTEN_AFTER))
			.param("instance", own.instance())
			.param("stateMachine", stateMachine)
			.param("workers", own.workers())
			.param("stepNanos", own.step() == null ? null : own.step().toNanos(), Types.BIGINT)
			.param("leaseSeconds", seconds(lease))
			.query((row, number) -> {
				long stepNanos = row.getLong("step_nanos");
				@Nullable Duration step = row.wasNull() ? null : Duration.ofNanos(stepNanos);
				return new WorkerLease(row.getObject("instance_id", UUID.class), row.getInt("workers"), step,
						row.getTimestamp("expires_at").toInstant());
			})
			.list();
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	/** The instance stops: the others reckon without its workers from their next round, not once its lease ran out. */
	void release(UUID instance) {
		jdbc.sql("delete from worker_lease where instance_id = :instance").param("instance", instance).update();
	}
}
