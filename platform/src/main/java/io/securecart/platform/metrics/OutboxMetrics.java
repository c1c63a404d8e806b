package io.securecart.platform.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox's backlog, per destination (topic, FIFO queue or event bus): rows written but not yet published
 * ({@value #PENDING}) and how long the oldest of them has waited ({@value #OLDEST_AGE}). A relay that cannot reach
 * the broker shows as a growing age long before anyone misses an event; CloudWatch has no such metric, the
 * service publishes it (on AWS through the same Micrometer meters).
 */
class OutboxMetrics {

	static final String PENDING = "securecart.outbox.pending.rows";

	static final String OLDEST_AGE = "securecart.outbox.oldest.pending.age";

	/** Of the pending rows, those set aside (ADR 43): still unpublished, so they age and raise the backlog alarm. */
	static final String SET_ASIDE = "securecart.outbox.set.aside.rows";

	private final JdbcClient jdbc;

	private final MeterRegistry registry;

	private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

	OutboxMetrics(JdbcClient jdbc, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.registry = registry;
	}

	/** One query over the pending rows (the relay's partial index); a destination seen once and now empty shows 0. */
	void sample() {
		List<Backlog> pending = jdbc.sql("""
				select destination, count(*) as pending, count(*) filter (where set_aside_at is not null) as set_aside,
				       extract(epoch from (now() - min(created_at))) as oldest_age
				from outbox_message where published_at is null group by destination""")
			.query((rs, row) -> new Backlog(rs.getString("destination"), rs.getLong("pending"),
					rs.getLong("set_aside"), rs.getDouble("oldest_age")))
			.list();
		backlogs.replaceAll((destination, previous) -> Backlog.empty(destination));
		for (Backlog backlog : pending) {
			if (backlogs.put(backlog.destination(), backlog) == null) {
				register(backlog.destination());
			}
		}
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

	private record Backlog(String destination, long pending, long setAside, double oldestAgeSeconds) {

		static Backlog empty(String destination) {
			return new Backlog(destination, 0, 0, 0);
		}
	}
}
