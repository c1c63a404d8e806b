package io.securecart.platform.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows, oldest first, and marks them published. The rows of a round go out in batches, one
 * request per destination and up to ten rows ({@link AwsMessagePublisher}). Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several instances of a service can relay side by side without publishing a row
 * twice. A row that fails is retried with exponential backoff; nothing is dropped. A crash after publishing but
 * before marking means the row is published again: consumers are idempotent (the inbox), and FIFO queues also
 * deduplicate on the stored dedup id.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MessagePublisher publisher;

	private final OutboxProperties properties;

	private volatile ScheduledExecutorService scheduler;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, MessagePublisher publisher,
			OutboxProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.publisher = publisher;
		this.properties = properties;
	}

	/** Publishes every row that is due now; returns how many were published. */
	public int relayPending() {
		int published = 0;
		int claimed;
		do {
			RoundResult round = transactions.execute(status -> relayOneRound());
			claimed = round.claimed();
			published += round.published();
		}
		while (claimed == properties.batchSize());
		return published;
	}

	private RoundResult relayOneRound() {
		List<OutboxMessage> due = jdbc.sql("""
				select id, destination_kind, destination, event_type, payload, group_id, dedup_id, attempts
				from outbox_message
				where published_at is null and next_attempt_at <= now()
				order by created_at
				limit :limit
				for update skip locked
				""")
			.param("limit", properties.batchSize())
			.query((rs, row) -> new OutboxMessage(rs.getObject("id", UUID.class),
					OutboxMessage.Kind.valueOf(rs.getString("destination_kind")), rs.getString("destination"),
					rs.getString("event_type"), rs.getString("payload"), rs.getString("group_id"),
					rs.getString("dedup_id"), rs.getInt("attempts")))
			.list();
		if (due.isEmpty()) {
			return new RoundResult(0, 0);
		}
		Map<UUID, String> failures = publish(due);
		List<UUID> published = due.stream().map(OutboxMessage::id).filter(id -> !failures.containsKey(id)).toList();
		if (!published.isEmpty()) {
			jdbc.sql("update outbox_message set published_at = now(), attempts = attempts + 1 where id in (:ids)")
				.param("ids", published)
				.update();
		}
		due.stream()
			.filter(message -> failures.containsKey(message.id()))
			.forEach(message -> retryLater(message, failures.get(message.id())));
		return new RoundResult(due.size(), published.size());
	}

	/** One publisher call per round: it batches what it can. Whatever it throws fails the whole round's rows. */
	private Map<UUID, String> publish(List<OutboxMessage> due) {
		try {
			return publisher.publish(due);
		}
		catch (RuntimeException ex) {
			Map<UUID, String> failures = new HashMap<>();
			due.forEach(message -> failures.put(message.id(), ex.toString()));
			return failures;
		}
	}

	private void retryLater(OutboxMessage message, String error) {
		int attempts = message.attempts() + 1;
		Instant retryAt = Instant.now().plus(properties.backoffAfter(attempts));
		log.warn("Could not publish {} {} to {} (attempt {}), retrying at {}: {}", message.eventType(), message.id(),
				message.destination(), attempts, retryAt, error);
		jdbc.sql("""
				update outbox_message set attempts = :attempts, next_attempt_at = :retryAt, last_error = :error
				where id = :id
				""")
			.param("attempts", attempts)
			.param("retryAt", Timestamp.from(retryAt))
			.param("error", truncate(error))
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

	private record RoundResult(int claimed, int published) {
	}
}
