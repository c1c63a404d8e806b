package io.securecart.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.securecart.contracts.DeclaredEventRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;

/**
 * Checks at startup that the EventBridge buses and rules a service depends on exist, and that each rule still matches
 * what {@code infra/topology.json} declares; never creates or changes them. A service whose rule is missing would
 * publish into a bus that routes nothing, and look healthy doing it. A rule changed behind the topology's back (a
 * {@code put-rule} by hand) is as bad: payment holds every order at or above the declared high-value threshold until
 * its fraud verdict, and a rule with another threshold never routes some of them to screening, so they would wait for
 * a verdict that never comes. So is a rule that is disabled ({@code disable-rule}), or whose declared target was
 * removed or sent elsewhere ({@code remove-targets}, {@code put-targets}): it routes nothing to the queue, and nothing
 * tells anyone. Each declared target must be there with its queue, and its dead-letter queue and retry policy where
 * the topology declares them; a target the topology does not declare is left alone, since it takes nothing from the
 * declared ones. {@link EventRulesHealthIndicator} repeats the whole check while the service runs.
 */
public class EventBuses implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(EventBuses.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EventBridgeClient events;

	private final MessagingProperties properties;

	EventBuses(EventBridgeClient events, MessagingProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		if (properties.eventBuses().isEmpty() && properties.eventRules().isEmpty()) {
			return;
		}
		properties.eventBuses().forEach(this::requireBus);
		List<String> drifted = driftedRules();
		if (!drifted.isEmpty()) {
			throw new TopologyDriftException(drifted);
		}
		log.info("Event buses present: buses {}, rules {} as declared", properties.eventBuses(),
				properties.eventRules());
	}

	/**
	 * How each declared rule differs from the deployed one: none when every rule is enabled, matches its declared
	 * pattern and sends to its declared targets. A DescribeRule a rule, and a ListTargetsByRule a page of its targets.
	 * @throws MissingTopologyException when a rule does not exist
	 */
	List<String> driftedRules() {
		List<String> drifted = new ArrayList<>();
		for (String busAndRule : properties.eventRules()) {
			int slash = busAndRule.indexOf('/');
			if (slash < 1) {
				throw new IllegalArgumentException(
						"securecart.messaging.event-rules entries are 'bus/rule', was '" + busAndRule + "'");
			}
			String bus = busAndRule.substring(0, slash);
			String rule = busAndRule.substring(slash + 1);
			DescribeRuleResponse described = describe(bus, rule);
			// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS routes too (default bus only).
			if (described.stateAsString() == null || !described.stateAsString().startsWith("ENABLED")) {
				drifted.add("EventBridge rule '%s' is %s, but infra/topology.json declares it enabled: it routes "
					.formatted(busAndRule, described.stateAsString()) + "nothing");
			}
			JsonNode deployed = JSON.readTree(described.eventPattern());
			Optional<JsonNode> declared = DeclaredEventRules.eventPattern(bus, rule);
			if (declared.isEmpty()) {
				throw new IllegalStateException("securecart.messaging.event-rules names " + busAndRule
						+ ", which infra/topology.json does not declare");
			}
			if (!declared.get().equals(deployed)) {
				drifted.add("EventBridge rule '%s' matches %s, but infra/topology.json declares %s".formatted(busAndRule,
						deployed, declared.get()));
			}
			drifted.addAll(driftedTargets(bus, rule, described.arn(), targets(bus, rule)));
		}
		return drifted;
	}

	private static List<String> driftedTargets(String bus, String rule, String ruleArn, List<Target> deployed) {
		List<String> drifted = new ArrayList<>();
		String busAndRule = bus + "/" + rule;
		for (DeclaredTopology.Target declared : DeclaredTopology.targets(bus, rule)) {
			String queueArn = sqsArn(ruleArn, declared.queue());
			Optional<Target> target = deployed.stream().filter(each -> queueArn.equals(each.arn())).findFirst();
			if (target.isEmpty()) {
				drifted.add("EventBridge rule '%s' has no target sending to queue %s (its targets: %s), but "
					.formatted(busAndRule, declared.queue(), deployed.stream().map(Target::arn).toList())
						+ "infra/topology.json declares one: the rule routes nothing there");
				continue;
			}
			String deadLetterArn = target.get().deadLetterConfig() == null ? null
					: target.get().deadLetterConfig().arn();
			if (declared.deadLetterQueue() != null
					&& !sqsArn(ruleArn, declared.deadLetterQueue()).equals(deadLetterArn)) {
				drifted.add("EventBridge rule '%s' sends what it cannot deliver to %s to %s, but infra/topology.json "
					.formatted(busAndRule, declared.queue(), deadLetterArn) + "declares dead-letter queue "
						+ declared.deadLetterQueue());
			}
			var retry = target.get().retryPolicy();
			Integer attempts = retry == null ? null : retry.maximumRetryAttempts();
			Integer age = retry == null ? null : retry.maximumEventAgeInSeconds();
			if (declared.maximumRetryAttempts() != null && (!declared.maximumRetryAttempts().equals(attempts)
					|| !declared.maximumEventAgeInSeconds().equals(age))) {
				drifted.add(("EventBridge rule '%s' retries delivery to %s %s times for %s s, but infra/topology.json "
						+ "declares %s times for %s s").formatted(busAndRule, declared.queue(), attempts, age,
								declared.maximumRetryAttempts(), declared.maximumEventAgeInSeconds()));
			}
		}
		return drifted;
	}

	/** The queue's ARN in the rule's partition, region and account, as the topology deploys them together. */
	static String sqsArn(String ruleArn, String queue) {
		String[] parts = ruleArn == null ? new String[0] : ruleArn.split(":", 6);
		if (parts.length < 6) {
			throw new IllegalStateException("EventBridge rule ARN '" + ruleArn + "' is no ARN");
		}
		return "arn:%s:sqs:%s:%s:%s".formatted(parts[1], parts[3], parts[4], queue);
	}

	private List<Target> targets(String bus, String rule) {
		List<Target> targets = new ArrayList<>();
		String nextToken = null;
		do {
			String page = nextToken;
			ListTargetsByRuleResponse response;
			try {
				response = events.listTargetsByRule(request -> request.eventBusName(bus).rule(rule).nextToken(page));
			}
			catch (ResourceNotFoundException ex) {
				// Deleted since DescribeRule; any other failure (a role without ListTargetsByRule) says what it is.
				throw new MissingTopologyException("EventBridge rule", bus + "/" + rule, ex);
			}
			targets.addAll(response.targets());
			nextToken = response.nextToken();
		}
		while (nextToken != null && !nextToken.isEmpty());
		return targets;
	}

	private void requireBus(String bus) {
		try {
			events.describeEventBus(request -> request.name(bus)
				.overrideConfiguration(override -> override.apiCallTimeout(AwsClientBuilders.STARTUP_CALL_TIMEOUT)));
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("EventBridge bus", bus, ex);
		}
	}

	private DescribeRuleResponse describe(String bus, String rule) {
		try {
			return events.describeRule(request -> request.eventBusName(bus).name(rule));
		}
		// Only a rule that is not there is missing; a throttle, timeout or denial says what it is (health: UNKNOWN).
		catch (ResourceNotFoundException ex) {
			throw new MissingTopologyException("EventBridge rule", bus + "/" + rule, ex);
		}
	}
}
