package io.securecart.ratelimit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes the rows of buckets that are full again, in batches, every {@code securecart.rate-limits.prune-interval}.
 * Several instances may prune at once: bucket4j skips the rows another transaction holds.
 */
final class ExpiredBucketsPruner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ExpiredBucketsPruner.class);

	private final RateLimiter limiter;

	private final Duration interval;

	private final int batchSize;

	private ScheduledExecutorService scheduler;

	ExpiredBucketsPruner(RateLimiter limiter, Duration interval, int batchSize) {
		this.limiter = limiter;
		this.interval = interval;
		this.batchSize = batchSize;
	}

	/** @return how many rows were deleted */
	long prune() {
		long total = 0;
		int deleted;
		do {
			deleted = limiter.removeExpired(batchSize);
			total += deleted;
		}
		while (deleted == batchSize);
		if (total > 0) {
			log.info("Deleted {} rate-limit bucket(s) that were full again", total);
		}
		return total;
	}

	private void pruneQuietly() {
		try {
			prune();
		}
		catch (RuntimeException ex) {
			log.warn("Deleting expired rate-limit buckets failed; next try in {}: {}", interval, ex.toString());
		}
	}

	@Override
	public synchronized void start() {
		if (scheduler == null) {
			scheduler = Executors
				.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rate-limit-pruner").daemon().factory());
			scheduler.scheduleWithFixedDelay(this::pruneQuietly, interval.toMillis(), interval.toMillis(),
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
	public synchronized boolean isRunning() {
		return scheduler != null;
	}
}
