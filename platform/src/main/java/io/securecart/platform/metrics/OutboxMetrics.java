package io.securecart.platform.metrics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox's backlog, per destination (topic, FIFO queue or event bus): rows written but not yet published
 * ({@value #PENDING}) and how long the oldest of them has waited ({@value #OLDEST_AGE}). A relay that cannot reach
 * the broker shows as a growing age long before anyone misses an event; CloudWatch has no such metric, the
 * service publishes it (on AWS through the same Micrometer meters).
 * <p>
 * While the backlog cannot be read (a WARN each round), as {@link DeferredWorkMetrics} does: the counts are unknown
 * (NaN), never the last reading, and the age goes on from the oldest row last seen pending (or the last reading that
 * saw none), so {@code outbox-backlog-too-old} fires on a backlog unreadable for its threshold instead of showing the
 * age of the last good reading for ever.
 */
class OutboxMetrics {

	private static final Logger log = LoggerFactory.getLogger(OutboxMetrics.class);

	static final String PENDING = "securecart.outbox.pending.rows";

	static final String OLDEST_AGE = "securecart.outbox.oldest.pending.age";

	/** Of the pending rows, those set aside (ADR 43): still unpublished, so they age and raise the backlog alarm. */
	static final String SET_ASIDE = "securecart.outbox.set.aside.rows";

	private final JdbcClient jdbc;

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

	/** Per destination, what the age counts from while the backlog cannot be read. */
	private final Map<String, Instant> pendingAtLeastSince = new ConcurrentHashMap<>();

	OutboxMetrics(JdbcClient jdbc, MeterRegistry registry, Clock clock) {
		this.jdbc = jdbc;
		this.registry = registry;
		this.clock = clock;
	}

	/** One query over the pending rows (the relay's partial index); a destination seen once and now empty shows 0. */
	void sample() {
		Instant now = clock.instant();
		List<Reading> pending;
		try {
			pending = jdbc.sql("""
					select destination, count(*) as pending,
					       count(*) filter (where set_aside_at is not null) as set_aside, min(created_at) as oldest
					from outbox_message where published_at is null group by destination""")
				.query((rs, row) -> new Reading(rs.getString("destination"), rs.getLong("pending"),
						rs.getLong("set_aside"), rs.getTimestamp("oldest")))
				.list();
		}
		catch (RuntimeException ex) {
			backlogs.replaceAll((destination, previous) -> new Backlog(Double.NaN, Double.NaN,
					secondsBetween(pendingAtLeastSince.get(destination), now)));
			log.warn("Could not read the outbox's backlog: {}", ex.toString());
			return;
		}
		backlogs.replaceAll((destination, previous) -> Backlog.EMPTY);
		pendingAtLeastSince.replaceAll((destination, previous) -> now);
		for (Reading reading : pending) {
			Instant oldest = reading.oldest().toInstant();
			pendingAtLeastSince.put(reading.destination(), oldest);
			Backlog backlog = new Backlog(reading.pending(), reading.setAside(), secondsBetween(oldest, now));
			if (backlogs.put(reading.destination(), backlog) == null) {
				register(reading.destination());
			}
		}
	}

	private static double secondsBetween(Instant from, Instant to) {
		return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
	}

	private void register(String destination) {
		Gauge.builder(PENDING, () -> backlogs.get(destination).pending())
			.description("Outbox rows written and not yet published")
			.tag("destination", destination)
			.register(registry);
		Gauge.builder(SET_ASIDE, () -> backlogs.get(destination).setAside())
			.description("Outbox rows the broker refused for good, set aside until an operator republishes or discards")
			.tag("destination", destination)
			.register(registry);
		Gauge.builder(OLDEST_AGE, () -> backlogs.get(destination).oldestAgeSeconds())
			.description("How long the oldest unpublished outbox row has waited (0 when none)")
			.baseUnit("seconds")
			.tag("destination", destination)
			.register(registry);
	}

	private record Reading(String destination, long pending, long setAside, Timestamp oldest) {
	}

	private record Backlog(double pending, double setAside, double oldestAgeSeconds) {

		static final Backlog EMPTY = new Backlog(0, 0, 0);
	}
}
