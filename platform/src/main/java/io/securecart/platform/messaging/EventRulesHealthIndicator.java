package io.securecart.platform.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while an EventBridge rule the service relies on is missing, disabled, matches something other than what
 * {@code infra/topology.json} declares, or lacks a declared target (see {@link EventBuses}). Checked again at most once
 * per {@code securecart.messaging.topology-check-interval}, two requests per rule, whatever the rate of health
 * requests.
 */
class EventRulesHealthIndicator extends AbstractHealthIndicator {

	private final EventBuses eventBuses;

	private final MessagingProperties properties;

	private final Clock clock;

	private Checked last;

	EventRulesHealthIndicator(EventBuses eventBuses, MessagingProperties properties, Clock clock) {
		this.eventBuses = eventBuses;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Checked checked = current();
		(checked.problems().isEmpty() ? builder.up() : builder.down()).withDetail("rules", properties.eventRules())
			.withDetail("checkedAt", checked.at().toString());
		if (!checked.problems().isEmpty()) {
			builder.withDetail("problems", checked.problems())
				.withDetail("action", "provision infra/topology.json again (./securecart up, docker compose run --rm "
						+ "provisioner, or cdk deploy)");
		}
	}

	private synchronized Checked current() {
		Instant now = clock.instant();
		if (last == null || !now.isBefore(last.at().plus(properties.topologyCheckInterval()))) {
			last = new Checked(now, problems());
		}
		return last;
	}

	private List<String> problems() {
		try {
			return eventBuses.driftedRules();
		}
		catch (MissingTopologyException ex) {
			return List.of(ex.getMessage().lines().findFirst().orElse(ex.getMessage()));
		}
	}

	private record Checked(Instant at, List<String> problems) {
	}
}
