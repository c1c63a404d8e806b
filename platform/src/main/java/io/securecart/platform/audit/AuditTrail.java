package io.securecart.platform.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who did what, to which resource, when, and whether it worked: every admin action goes through
 * {@link #record(String, String, Supplier)}, which writes one log line on the logger {@code securecart.audit} and one
 * row to {@code audit_event}. The row is written in a transaction of its own, after the action, so that an action
 * that fails and rolls back is still recorded, as a failure.
 * <p>
 * The action's outcome is the caller's answer, whatever happens to its record. An action done and then answered 500
 * because its row could not be written would be done again (a second redrive moves other messages), and an action
 * that failed must not have its exception replaced by the trail's. So the log line goes first, and a row the database
 * refuses is an ERROR on the same logger with the entry's fields, never the action's failure.
 *
 * <p>
 * Never pass a secret as a resource or detail: the trail is read by every administrator. A failure records the
 * exception's type, never its message.
 */
public class AuditTrail {

	private static final Logger log = LoggerFactory.getLogger("securecart.audit");

	static final int MAX_DETAIL = 1000;

	/** The columns' sizes: a resource named in a request (a queue name, say) can be longer than any real one. */
	static final int MAX_RESOURCE = 500;

	static final int MAX_ACTOR = 255;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	public AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/** Runs {@code action} and records it, with no detail beyond its outcome. */
	public <T> T record(String action, String resource, Supplier<T> work) {
		return record(action, resource, work, result -> null);
	}

	/**
	 * Runs {@code work} as the current caller and records it.
	 * @param action what was done, dotted ({@code dlq.redrive}, {@code catalog.price.change})
	 * @param resource what it was done to ({@code queue:orders.fifo}, {@code product:SC-MUG-002})
	 * @param detail what to record of a successful result (the new price, how many messages moved), or null
	 * @return what {@code work} returned
	 */
	public <T> T record(String action, String resource, Supplier<T> work, Function<T, String> detail) {
		return record(action, resource, null, work, detail);
	}

	/**
	 * Runs {@code work} as the current caller and records it with what the caller asked for, whatever the outcome: a
	 * person's claim that was refused (a refund named that the provider does not confirm) is what an auditor looks
	 * for.
	 * @param request what the caller asked for (the fields of their request, never a secret), or null
	 * @param detail what to record of a successful result, or null
	 * @return what {@code work} returned
	 */
	public <T> T record(String action, String resource, String request, Supplier<T> work, Function<T, String> detail) {
		String actor = currentActor();
		T result;
		try {
			result = work.get();
		}
		catch (RuntimeException ex) {
			write(actor, action, resource, AuditOutcome.FAILURE, joined(ex.getClass().getSimpleName(), request));
			throw ex;
		}
		write(actor, action, resource, AuditOutcome.SUCCESS, joined(describe(result, detail), request));
		return result;
	}

	private static String joined(String first, String second) {
		if (first == null || second == null) {
			return first == null ? second : first;
		}
		return first + " " + second;
	}

	/** What to record of a done action's result; a description that fails does not fail the done action. */
	private static <T> String describe(T result, Function<T, String> detail) {
		try {
			return detail.apply(result);
		}
		catch (RuntimeException ex) {
			log.error("audit detail not described: {}", ex.getClass().getSimpleName(), ex);
			return "detail unavailable (" + ex.getClass().getSimpleName() + ")";
		}
	}

	/**
	 * The newest entries first, at most {@code limit}.
	 * @param action only this action, or null for all
	 * @param resource only this resource ({@code product:SC-MUG-002}), or null for all
	 */
	public List<AuditEvent> recent(String action, String resource, int limit) {
		return jdbc.sql("""
				select id, occurred_at, actor, action, resource, outcome, detail from audit_event
				where (cast(:action as varchar) is null or action = :action)
				  and (cast(:resource as varchar) is null or resource = :resource)
				order by occurred_at desc, id desc limit :limit""")
			.param("action", action)
			.param("resource", resource)
			.param("limit", limit)
			.query((rs, row) -> new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
					rs.getString("actor"), rs.getString("action"), rs.getString("resource"),
					AuditOutcome.valueOf(rs.getString("outcome")), rs.getString("detail")))
			.list();
	}

	private void write(String actor, String action, String resource, AuditOutcome outcome, String detail) {
		Instant now = clock.instant();
		String recordedDetail = shortened(detail, MAX_DETAIL);
		String recordedResource = shortened(resource, MAX_RESOURCE);
		String recordedActor = shortened(actor, MAX_ACTOR);
		// One line per action, key=value, for log search; the same fields as key-values for structured logging.
		log.atInfo()
			.addKeyValue("actor", actor)
			.addKeyValue("action", action)
			.addKeyValue("resource", resource)
			.addKeyValue("outcome", outcome)
			.addKeyValue("at", now)
			.log("audit actor={} action={} resource={} outcome={} at={} detail=\"{}\"", field(actor), field(action),
					field(resource), outcome, now, recordedDetail == null ? "" : escaped(recordedDetail));
		try {
			ownTransaction.executeWithoutResult(status -> jdbc.sql("""
					insert into audit_event (occurred_at, actor, action, resource, outcome, detail)
					values (:occurredAt, :actor, :action, :resource, :outcome, :detail)""")
				.param("occurredAt", java.sql.Timestamp.from(now))
				.param("actor", recordedActor)
				.param("action", action)
				.param("resource", recordedResource)
				.param("outcome", outcome.name())
				.param("detail", recordedDetail)
				.update());
		}
		catch (RuntimeException ex) {
			log.error("audit row not recorded: actor={} action={} resource={} outcome={} at={}", field(actor),
					field(action), field(resource), outcome, now, ex);
		}
	}

	private static String currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		// Admin endpoints refuse anonymous callers before any action runs; "unknown" would show a gap in that.
		return authentication == null ? "unknown" : authentication.getName();
	}

	/**
	 * The value as one line of the audit log: a line break or quote in an admin's free text (a pause's reason) would
	 * otherwise end the line and write a forged one, attributed by log search to whoever it names. The row keeps the
	 * text as given.
	 */
	static String escaped(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder line = new StringBuilder(value.length());
		value.codePoints().forEach(c -> {
			switch (c) {
				case '\\' -> line.append("\\\\");
				case '"' -> line.append("\\\"");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
							|| Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
						line.append("\\u%04x".formatted(c));
					}
					else {
						line.appendCodePoint(c);
					}
				}
			}
		});
		return line.toString();
	}

	/**
	 * An unquoted field of the audit line ({@code actor}, {@code action}, {@code resource}): as {@link #escaped}, and
	 * its spaces and equals signs too, or a resource from a path ({@code queue:x actor=alice}) would add fields that a
	 * parser taking the last value of a key attributes to someone else.
	 */
	static String field(String value) {
		String line = escaped(value);
		return line == null ? null : line.replace(" ", "\\u0020").replace("=", "\\u003d");
	}

	private static String shortened(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}
}
