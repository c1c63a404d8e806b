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
 * The backlog of each {@link DeferredWork} the service declares: how many are owed ({@value #PENDING}) and how long
 * the oldest has been owed ({@value #OLDEST_AGE}), tagged {@code work}. Unknown (NaN) until its query answers, and
 * again when it fails (with a WARN each round): no data, never a reassuring 0. The alarm cannot judge no data; the
 * WARN and the gap in the graph say it.
 */
class DeferredWorkMetrics {

	private static final Logger log = LoggerFactory.getLogger(DeferredWorkMetrics.class);

	static final String PENDING = "securecart.deferred.work.pending";

	static final String OLDEST_AGE = "securecart.deferred.work.oldest.age";

	private static final Backlog UNKNOWN = new Backlog(Double.NaN, Double.NaN);

	private final JdbcClient jdbc;

	private final List<DeferredWork> work;

	private final Clock clock;

	private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

	DeferredWorkMetrics(JdbcClient jdbc, List<DeferredWork> work, MeterRegistry registry, Clock clock) {
		this.jdbc = jdbc;
		this.work = List.copyOf(work);
		this.clock = clock;
		for (DeferredWork each : this.work) {
			backlogs.put(each.name(), UNKNOWN);
			Gauge.builder(PENDING, () -> backlogs.get(each.name()).pending())
				.description("Deferred work owed and not yet done")
				.tag("work", each.name())
				.register(registry);
			Gauge.builder(OLDEST_AGE, () -> backlogs.get(each.name()).oldestAgeSeconds())
				.description("How long the oldest deferred work has been owed (0 when none)")
				.baseUnit("seconds")
				.tag("work", each.name())
				.register(registry);
		}
	}

	void sample() {
		Instant now = clock.instant();
		for (DeferredWork each : work) {
			try {
				backlogs.put(each.name(), jdbc.sql(each.backlogQuery()).query((rs, row) -> {
					Timestamp oldest = rs.getTimestamp("oldest");
					double age = oldest == null ? 0
							: Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
					return new Backlog(rs.getLong("pending"), age);
				}).single());
			}
			catch (RuntimeException ex) {
				backlogs.put(each.name(), UNKNOWN);
				log.warn("Could not read the backlog of deferred work {}: {}", each.name(), ex.toString());
			}
		}
	}

	private record Backlog(double pending, double oldestAgeSeconds) {
	}
}
