package io.securecart.fulfillment.shipment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The outcome of every task this service answered, recorded in the transaction of the step's effect. */
@Component
class TaskLedger {

	record Entry(TaskOutcome outcome, String tokenHash, int attempts) {
	}

	/** A step of an order's execution as this service answered it, for people. */
	record StepState(String step, java.util.UUID shipmentId, String status, int attempts, String error,
			java.time.Instant finishedAt) {
	}

	private final JdbcClient jdbc;

	TaskLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Entry> find(WorkflowTask task) {
		return jdbc.sql("""
				select status, output, error, cause, token_hash, attempts from fulfillment_task
				where order_id = :orderId and task_key = :key
				""")
			.param("orderId", task.orderId())
			.param("key", task.key())
			.query((rs, row) -> new Entry("SUCCEEDED".equals(rs.getString("status"))
					? new TaskOutcome.Succeeded(rs.getString("output"))
					: new TaskOutcome.Failed(rs.getString("error"), rs.getString("cause")), rs.getString("token_hash"),
					rs.getInt("attempts")))
			.optional();
	}

	/**
	 * @param startedAt when this delivery began the step (before its warehouse calls), kept from its first attempt
	 * @param finishedAt when it had its outcome
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void record(WorkflowTask task, TaskOutcome outcome, Instant startedAt, Instant finishedAt) {
		String status = outcome instanceof TaskOutcome.Succeeded ? "SUCCEEDED" : "FAILED";
		String output = outcome instanceof TaskOutcome.Succeeded succeeded ? succeeded.output() : null;
		String error = outcome instanceof TaskOutcome.Failed failed ? truncate(failed.error(), 256) : null;
		String cause = outcome instanceof TaskOutcome.Failed failed ? truncate(failed.cause(), 2048) : null;
		jdbc.sql("""
				insert into fulfillment_task (order_id, task_key, step, shipment_id, status, attempts, token_hash,
				                              output, error, cause, started_at, finished_at)
				values (:orderId, :key, :step, :shipmentId, :status, 1, :tokenHash, :output, :error, :cause, :startedAt,
				        :finishedAt)
				on conflict (order_id, task_key) do update set status = excluded.status,
				    attempts = fulfillment_task.attempts + 1, token_hash = excluded.token_hash, output = excluded.output,
				    error = excluded.error, cause = excluded.cause, finished_at = excluded.finished_at
				""")
			.param("orderId", task.orderId())
			.param("key", task.key())
			.param("step", task.step())
			.param("shipmentId", task.shipmentId())
			.param("status", status)
			.param("tokenHash", task.tokenHash())
			.param("output", output)
			.param("error", error)
			.param("cause", cause)
			.param("startedAt", Timestamp.from(startedAt))
			.param("finishedAt", Timestamp.from(finishedAt))
			.update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	Optional<String> lastFailureCause(java.util.UUID orderId) {
		return jdbc.sql("""
				select cause from fulfillment_task where order_id = :orderId and status = 'FAILED' and cause is not null
				order by finished_at desc limit 1
				""").param("orderId", orderId).query(String.class).optional();
	}

	/** Every step answered for the order, in the order they were first done. */
	java.util.List<StepState> steps(java.util.UUID orderId) {
		return jdbc.sql("""
				select step, shipment_id, status, attempts, error, finished_at from fulfillment_task
				where order_id = :orderId order by started_at, task_key
				""")
			.param("orderId", orderId)
			.query((rs, row) -> new StepState(rs.getString("step"), rs.getObject("shipment_id", java.util.UUID.class),
					rs.getString("status"), rs.getInt("attempts"), rs.getString("error"),
					rs.getTimestamp("finished_at").toInstant()))
			.list();
	}

	private static String truncate(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}
}
