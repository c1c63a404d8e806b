package io.securecart.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.securecart.contracts.DeclaredEventRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.InitializingBean;

/**
 * Checks at startup that the EventBridge buses and rules a service depends on exist, and that each rule still matches
 * what {@code infra/topology.json} declares; never creates or changes them. A service whose rule is missing would
 * publish into a bus that routes nothing, and look healthy doing it. A rule changed behind the topology's back (a
 * {@code put-rule} by hand) is as bad: payment holds every order at or above the declared high-value threshold until
 * its fraud verdict, and a rule with another threshold never routes some of them to screening, so they would wait for
 * a verdict that never comes. {@link EventRulesHealthIndicator} repeats the pattern check while the service runs.
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
	 * How each declared rule differs from the deployed one: none when every rule matches its declared pattern.
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
			JsonNode deployed = JSON.readTree(describe(bus, rule).eventPattern());
			Optional<JsonNode> declared = DeclaredEventRules.eventPattern(bus, rule);
			if (declared.isEmpty()) {
				throw new IllegalStateException("securecart.messaging.event-rules names " + busAndRule
						+ ", which infra/topology.json does not declare");
			}
			if (!declared.get().equals(deployed)) {
				drifted.add("EventBridge rule '%s' matches %s, but infra/topology.json declares %s".formatted(busAndRule,
						deployed, declared.get()));
			}
		}
		return drifted;
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
		catch (RuntimeException ex) {
			throw new MissingTopologyException("EventBridge rule", bus + "/" + rule, ex);
		}
	}
}
