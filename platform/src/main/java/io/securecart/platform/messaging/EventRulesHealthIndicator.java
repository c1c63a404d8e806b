package io.securecart.platform.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while an EventBridge rule the service relies on is missing, disabled, matches something other than what
 * {@code infra/topology.json} declares, or lacks a declared target (see {@link EventBuses}). Checked again at most once
 * per {@code securecart.messaging.topology-check-interval}, a DescribeRule per rule and a ListTargetsByRule per page
 * of its targets, whatever the rate of health requests.
 * <p>
 * A check that could not be made (EventBridge throttled, timed out or denied a call) is UNKNOWN, with its reason, and
 * cached like a result: it says nothing about the rules, and asking again on every health request would hold the
 * lock for another round of calls while adding to the throttling.
 */
class EventRulesHealthIndicator extends AbstractHealthIndicator {

	/**
	 * CloudFormation changes only what its template changed, so {@code cdk deploy} leaves a rule disabled, re-patterned
	 * or stripped of targets by hand as it is: on AWS the repair is the CLI's, or a replacement CloudFormation makes.
	 */
	static final String ACTION = "locally, provision infra/topology.json again (./securecart up, or docker compose run "
			+ "--rm provisioner); on AWS, cdk deploy does not undo a change made by hand: aws events enable-rule, "
			+ "put-rule with the declared pattern, put-targets with the declared queue, dead-letter queue and retry "
			+ "policy, or make CloudFormation replace the rule";

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
		if (!checked.problems().isEmpty()) {
			builder.down().withDetail("problems", checked.problems()).withDetail("action", ACTION);
		}
		else if (checked.notChecked() != null) {
			builder.unknown().withDetail("notChecked", checked.notChecked());
		}
		else {
			builder.up();
		}
		builder.withDetail("rules", properties.eventRules()).withDetail("checkedAt", checked.at().toString());
	}

	private synchronized Checked current() {
		Instant now = clock.instant();
		if (last == null || !now.isBefore(last.at().plus(properties.topologyCheckInterval()))) {
			last = check(now);
		}
		return last;
	}

	private Checked check(Instant now) {
		try {
			return new Checked(now, eventBuses.driftedRules(), null);
		}
		catch (MissingTopologyException ex) {
			return new Checked(now, List.of(firstLine(ex)), null);
		}
		catch (RuntimeException ex) {
			return new Checked(now, List.of(), "EventBridge rules " + properties.eventRules() + " not checked: "
					+ firstLine(ex));
		}
	}

	private static String firstLine(RuntimeException ex) {
		return Objects.toString(ex.getMessage(), ex.toString()).lines().findFirst().orElse(ex.toString());
	}

	/** {@code notChecked}: why the rules could not be checked, or null when they were. */
	private record Checked(Instant at, List<String> problems, String notChecked) {
	}
}
