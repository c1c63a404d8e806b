package io.securecart.inventory.datasource;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health's {@code catalogReplica}: where catalog reads go, and why. A replica that is down or too far behind makes
 * the service {@value #DEGRADED_CODE}, not DOWN: the catalog reads from the primary meanwhile. DEGRADED ranks between
 * DOWN and UP and answers HTTP 200 ({@code management.endpoint.health.status.*} in {@code application.yml}).
 */
@Component
class CatalogReplicaHealthIndicator extends AbstractHealthIndicator {

	static final String DEGRADED_CODE = "DEGRADED";

	static final Status DEGRADED = new Status(DEGRADED_CODE, "Catalog reads fall back to the primary");

	private final ReplicaMonitor monitor;

	CatalogReplicaHealthIndicator(ReplicaMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ReplicaState state = monitor.state();
		switch (state.condition()) {
			case UNKNOWN -> builder.unknown();
			case STREAMING, DISABLED -> builder.up();
			case LAGGING, DOWN -> builder.status(DEGRADED);
		}
		builder.withDetail("replica", state.condition())
			.withDetail("catalogReadsFrom", state.servesReads() ? "replica" : "primary")
			.withDetail("checkedAt", state.checkedAt());
		Duration lag = state.lag();
		if (lag != null) {
			builder.withDetail("lagMillis", lag.toMillis());
		}
		if (state.position() != null && state.position().replayed() != null) {
			builder.withDetail("replayedLsn", state.position().replayed().toString());
		}
		if (state.problem() != null) {
			builder.withDetail("problem", state.problem());
		}
	}
}
