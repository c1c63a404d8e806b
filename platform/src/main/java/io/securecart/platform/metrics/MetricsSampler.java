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
 * {@code securecart.metrics.sample-interval}, on a thread of its own, so that a scrape only reads numbers and a slow
 * broker never slows a scrape.
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
		for (Runnable sample : samples) {
			try {
				sample.run();
			}
			catch (RuntimeException ex) {
				log.debug("A metrics sample failed: {}", ex.toString());
			}
		}
	}

	@Override
	public void start() {
		scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("metrics-sampler").daemon().factory());
		scheduler.scheduleWithFixedDelay(this::sampleOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
