package io.securecart.platform.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes published outbox rows and inbox rows past their retention ({@link RetentionProperties}), in small batches,
 * every {@code interval}. Pending outbox rows are never touched. Several instances may prune at once: a row deleted
 * twice is simply gone.
 */
public class RetentionPruner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RetentionPruner.class);

	private final JdbcClient jdbc;

	private final RetentionProperties properties;

	private final Clock clock;

	private volatile ScheduledExecutorService scheduler;

	public RetentionPruner(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** @return how many rows were deleted: published outbox rows and inbox rows */
	public Pruned prune() {
		long outbox = deleteInBatches("""
				delete from outbox_message where id in (
				    select id from outbox_message
				    where published_at is not null and published_at < :before limit :batch)
				""", properties.outboxPublished());
		long inbox = deleteInBatches("""
				delete from inbox_message where (event_id, consumer) in (
				    select event_id, consumer from inbox_message where received_at < :before limit :batch)
				""", properties.inbox());
		if (outbox + inbox > 0) {
			log.info("Pruned {} published outbox row(s) older than {} and {} inbox row(s) older than {}", outbox,
					properties.outboxPublished(), inbox, properties.inbox());
		}
		return new Pruned(outbox, inbox);
	}

	private long deleteInBatches(String sql, Duration retention) {
		Timestamp before = Timestamp.from(clock.instant().minus(retention));
		long total = 0;
		int deleted;
		do {
			deleted = jdbc.sql(sql).param("before", before).param("batch", properties.batchSize()).update();
			total += deleted;
		}
		while (deleted == properties.batchSize());
		return total;
	}

	private void pruneQuietly() {
		try {
			prune();
		}
		catch (RuntimeException ex) {
			log.warn("Pruning the outbox and inbox failed; next try in {}: {}", properties.interval(), ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		if (scheduler == null && properties.enabled()) {
			scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("retention").factory());
			long interval = properties.interval().toMillis();
			scheduler.scheduleWithFixedDelay(this::pruneQuietly, Math.min(interval, 60_000), interval,
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

	public record Pruned(long outboxRows, long inboxRows) {
	}
}
