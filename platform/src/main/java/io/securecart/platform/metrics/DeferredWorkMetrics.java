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
 * the oldest has been owed ({@value #OLDEST_AGE}), tagged {@code work}. While its query fails (a WARN each round), the
 * count is unknown (NaN), never a reassuring 0; the age goes on from what was last known: the oldest then owed, or,
 * when none was, the last time the backlog could be read (or the service's start). Work owed then may be owed still,
 * and work owed since is no older, so the {@code deferred-work-too-old} alarm fires after at most its threshold of an
 * unreadable backlog, where no data would never fire it. That covers a failure of the query itself (a schema change,
 * a statement timeout, a permission) on an instance that stays up; a database the instance cannot reach at all fails
 * its health check too, and the instance is replaced: what is remembered here starts again with it.
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

	/** Per work, what the age counts from while its backlog cannot be read (see the class's description). */
	private final Map<String, Instant> owedAtLeastSince = new ConcurrentHashMap<>();

	DeferredWorkMetrics(JdbcClient jdbc, List<DeferredWork> work, MeterRegistry registry, Clock clock) {
		this.jdbc = jdbc;
		this.work = List.copyOf(work);
		this.clock = clock;
		Instant started = clock.instant();
		for (DeferredWork each : this.work) {
			backlogs.put(each.name(), UNKNOWN);
			owedAtLeastSince.put(each.name(), started);
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
				Reading reading = jdbc.sql(each.backlogQuery()).query((rs, row) -> {
					Timestamp oldest = rs.getTimestamp("oldest");
					return new Reading(rs.getLong("pending"), oldest == null ? null : oldest.toInstant());
				}).single();
				backlogs.put(each.name(), new Backlog(reading.pending(),
						reading.oldest() == null ? 0 : secondsBetween(reading.oldest(), now)));
				owedAtLeastSince.put(each.name(), reading.oldest() == null ? now : reading.oldest());
			}
			catch (RuntimeException ex) {
				backlogs.put(each.name(), new Backlog(Double.NaN,
						secondsBetween(owedAtLeastSince.get(each.name()), now)));
				log.warn("Could not read the backlog of deferred work {}: {}", each.name(), ex.toString());
			}
		}
	}

	private static double secondsBetween(Instant from, Instant to) {
		return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
	}

	/** A backlog query's answer; {@code oldest} null when nothing is owed. */
	private record Reading(long pending, Instant oldest) {
	}

	private record Backlog(double pending, double oldestAgeSeconds) {
	}
}
