package io.securecart.platform.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Reads what is costly to read (queue attributes from the broker, outbox rows from the database) every
 * {@code securecart.metrics.sample-interval}, off the scrape's thread, so that a scrape only reads numbers and a slow
 * broker never slows a scrape. Each sample has a thread of its own: a broker that hangs holds the queues' sample for
 * up to its call timeout per queue, and the outbox's and deferred work's gauges, which say most while the broker
 * hangs, must not wait behind it.
 */
class MetricsSampler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MetricsSampler.class);

	private final List<Runnable> samples;

	private final Duration interval;

	private volatile ScheduledExecutorService scheduler;

	MetricsSampler(List<Runnable> samples, Duration interval) {
		this.samples = List.copyOf(samples);
		this.interval = interval;
	}

	void sampleOnce() {
		samples.forEach(MetricsSampler::runQuietly);
	}

	private static void runQuietly(Runnable sample) {
		try {
			sample.run();
		}
		catch (RuntimeException ex) {
			// Each sample logs what it could not read; this only keeps its schedule alive.
			log.debug("A metrics sample failed: {}", ex.toString());
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors.newScheduledThreadPool(samples.size(),
				Thread.ofPlatform().name("metrics-sampler-", 0).daemon().factory());
		for (Runnable sample : samples) {
			started.scheduleWithFixedDelay(() -> runQuietly(sample), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		}
		scheduler = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = scheduler;
		scheduler = null;
		if (running != null) {
			running.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}
}
