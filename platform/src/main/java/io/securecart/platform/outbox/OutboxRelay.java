package io.securecart.platform.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows and marks them published. The rows of a round go out in batches, one request per
 * destination and up to ten rows ({@link AwsMessagePublisher}).
 * <p>
 * <b>Order.</b> A FIFO queue delivers one message group in the order it received it, so the relay must send a group's
 * rows in their {@code seq} order and never one ahead of an earlier row that has not gone out. A round therefore
 * claims only the <em>head</em> of each FIFO group: its earliest unpublished row, and only when that row is due.
 * <ul>
 * <li>A row that failed waits out its backoff as the head of its group, so the group's later rows wait behind it;
 * other groups flow on.</li>
 * <li>A batch carries at most one row per group, so a partially failed batch cannot let a later row overtake.</li>
 * <li>Rows are claimed {@code FOR UPDATE SKIP LOCKED}: a head locked by another relay instance is skipped, and the
 * rows behind it are not heads while it is unpublished, so two instances never publish one group at the same time.
 * </li>
 * </ul>
 * Topic rows (SNS standard topics, unordered by nature) have no group and are all claimable at once.
 * <p>
 * <b>When.</b> A commit that wrote rows wakes the relay ({@link #wakeUp()}); the poll ({@code poll-interval}) is the
 * safety net: it finds rows whose backoff ran out, rows another instance left behind, and a wake-up lost to a crash
 * between commit and round.
 * <p>
 * The row locks are held while the round publishes, which every AWS call bounds ({@code publish-timeout}). A row that
 * fails is retried with exponential backoff; nothing is dropped. A crash after publishing but before marking means the
 * row is published again: consumers are idempotent (the inbox), and FIFO queues also deduplicate on the stored dedup
 * id. Once published, a row's payment token is removed from its payload: it is needed only until the event is out.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MessagePublisher publisher;

	private final OutboxProperties properties;

	private final Clock clock;

	private volatile ScheduledExecutorService scheduler;

	private final AtomicBoolean wakeUpPending = new AtomicBoolean();

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, MessagePublisher publisher,
			OutboxProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.publisher = publisher;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Asks for a round as soon as the relay's thread is free: called after a transaction that wrote outbox rows
	 * commits. Commits that arrive while a round is already asked for share it; one that arrives during a round asks
	 * for the next, so no committed row waits for the poll.
	 */
	public void wakeUp() {
		ScheduledExecutorService running = scheduler;
		if (running != null && wakeUpPending.compareAndSet(false, true)) {
			try {
				running.execute(() -> {
					wakeUpPending.set(false);
					relayQuietly();
				});
			}
			catch (RejectedExecutionException ex) {
				// Stopping: the rows wait in the table for the next start.
				wakeUpPending.set(false);
			}
		}
	}

	/** Publishes every row that is due now; returns how many were published. */
	public int relayPending() {
		int published = 0;
		int round;
		do {
			round = transactions.execute(status -> relayOneRound());
			published += round;
		}
		// A round takes one row per FIFO group: keep going while rounds make progress, so a group's backlog drains.
		// Only FIFO queues keep an order: a bus row's group_id is its event source, which orders nothing.
		while (round > 0);
		return published;
	}

	/**
	 * The delivery delay that remains for a row due at {@code deliverAt}, by the service's clock, which is the one its
	 * consumer judges the message by: a database clock ahead of it would send a timer that arrives early, again and
	 * again. Whole seconds rounded up, from none (due) to {@link Outbox#MAX_DELIVERY_DELAY}; null for a row with no
	 * due time.
	 */
	private Integer delaySeconds(Timestamp deliverAt) {
		return deliverAt == null ? null : delaySeconds(deliverAt.toInstant(), clock.instant());
	}

	static int delaySeconds(Instant deliverAt, Instant now) {
		Duration remaining = Duration.between(now, deliverAt);
		if (remaining.isNegative() || remaining.isZero()) {
			return 0;
		}
		long seconds = remaining.toSeconds() + (remaining.toNanosPart() > 0 ? 1 : 0);
		return (int) Math.min(seconds, Outbox.MAX_DELIVERY_DELAY.toSeconds());
	}

	/** @return how many rows this round published */
	private int relayOneRound() {
		List<OutboxMessage> due = jdbc.sql("""
				select id, destination_kind, destination, event_type, payload, group_id, dedup_id, attempts, refusals,
				       traceparent, payload::jsonb ->> 'orderId' as order_id, deliver_at
				from outbox_message m
				where published_at is null and set_aside_at is null and next_attempt_at <= now()
				  and (group_id is null or destination_kind <> 'FIFO_QUEUE' or not exists (
				      select 1 from outbox_message earlier
				      where earlier.published_at is null and earlier.set_aside_at is null
				        and earlier.group_id = m.group_id
				        and earlier.destination = m.destination and earlier.seq < m.seq))
				order by seq
				limit :limit
				for update skip locked
				""")
			.param("limit", properties.batchSize())
			.query((rs, row) -> new OutboxMessage(rs.getObject("id", UUID.class),
					OutboxMessage.Kind.valueOf(rs.getString("destination_kind")), rs.getString("destination"),
					rs.getString("event_type"), rs.getString("payload"), rs.getString("group_id"),
					rs.getString("dedup_id"), rs.getInt("attempts"), rs.getInt("refusals"),
					rs.getString("traceparent"),
					rs.getString("order_id"), delaySeconds(rs.getTimestamp("deliver_at"))))
			.list();
		if (due.isEmpty()) {
			return 0;
		}
		Map<UUID, PublishFailure> failures = publish(due);
		List<UUID> published = due.stream().map(OutboxMessage::id).filter(id -> !failures.containsKey(id)).toList();
		if (!published.isEmpty()) {
			// The payment token authorised one charge; once the event is out nobody needs it again.
			jdbc.sql("""
					update outbox_message set published_at = now(), attempts = attempts + 1,
					    payload = case when payload like '%"paymentToken"%'
					                   then (payload::jsonb - 'paymentToken')::text else payload end
					where id in (:ids)
					""")
				.param("ids", published)
				.update();
		}
		due.stream()
			.filter(message -> failures.containsKey(message.id()))
			.forEach(message -> retryLater(message, failures.get(message.id())));
		return published.size();
	}

	/** One publisher call per round: it batches what it can. Whatever it throws fails the whole round's rows. */
	private Map<UUID, PublishFailure> publish(List<OutboxMessage> due) {
		try {
			return publisher.publish(due);
		}
		catch (RuntimeException ex) {
			Map<UUID, PublishFailure> failures = new HashMap<>();
			due.forEach(message -> failures.put(message.id(), PublishFailure.retryable(ex.toString())));
			return failures;
		}
	}

	/**
	 * A row that failed is tried again after its backoff; one the broker refused as the sender's fault
	 * {@code set-aside-after} times is set aside instead (ADR 43): as the head of a FIFO group it would otherwise hold
	 * back every later row of the group (a customer's every later order) for good.
	 */
	private void retryLater(OutboxMessage message, PublishFailure failure) {
		int attempts = message.attempts() + 1;
		int refusals = message.refusals() + (failure.refusedForGood() ? 1 : 0);
		if (failure.refusedForGood() && refusals >= properties.setAsideAfter()) {
			log.error("The broker refused {} {} to {} {} times as the sender's fault; set aside, its group flows on. "
					+ "Republish or discard it: /api/admin/outbox/set-aside. Last refusal: {}", message.eventType(),
					message.id(), message.destination(), refusals, failure.reason());
			jdbc.sql("""
					update outbox_message set attempts = :attempts, refusals = :refusals, last_error = :error,
					    set_aside_at = now()
					where id = :id
					""")
				.param("attempts", attempts)
				.param("refusals", refusals)
				.param("error", truncate(failure.reason()))
				.param("id", message.id())
				.update();
			return;
		}
		Duration backoff = properties.backoffAfter(attempts);
		log.warn("Could not publish {} {} to {} (attempt {}), retrying in {}: {}", message.eventType(), message.id(),
				message.destination(), attempts, backoff, failure.reason());
		// On the database's clock, the one the relay's query compares next_attempt_at with; from now, not from when
		// the round's transaction began (now()): a publish that took longer than the backoff would leave none.
		jdbc.sql("""
				update outbox_message set attempts = :attempts, refusals = :refusals, last_error = :error,
				    next_attempt_at = clock_timestamp() + make_interval(secs => :backoffSeconds)
				where id = :id
				""")
			.param("attempts", attempts)
			.param("refusals", refusals)
			.param("backoffSeconds", backoff.toMillis() / 1000.0)
			.param("error", truncate(failure.reason()))
			.param("id", message.id())
			.update();
	}

	private static String truncate(String text) {
		return text.length() <= 1000 ? text : text.substring(0, 1000);
	}

	private void relayQuietly() {
		try {
			relayPending();
		}
		catch (RuntimeException ex) {
			// The database may be briefly unreachable; the next round tries again.
			log.warn("Outbox relay round failed: {}", ex.toString());
		}
		catch (Error ex) {
			// Thrown out of a scheduled task, an Error (a round's payloads that did not fit in the heap, a class that
			// failed to load) would cancel the poll for good while the relay still reported itself running: rows
			// other instances left behind, and rows whose backoff ran out, would wait for a local commit's wake-up.
			log.error("Outbox relay round failed; the next round tries again", ex);
		}
	}

	@Override
	public synchronized void start() {
		if (scheduler == null && properties.enabled()) {
			scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").factory());
			long interval = properties.pollInterval().toMillis();
			scheduler.scheduleWithFixedDelay(this::relayQuietly, 0, interval, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdown();
			try {
				scheduler.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

	/** Before the listener containers stop, after they start: the relay outlives the consumers that feed it. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}
}
