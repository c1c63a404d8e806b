package io.securecart.platform.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import org.springframework.beans.factory.InitializingBean;

/**
 * Checks at startup that the EventBridge buses and rules a service depends on exist, and never creates them: a
 * service whose rule is missing would publish into a bus that routes nothing, and look healthy doing it.
 */
public class EventBuses implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(EventBuses.class);

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
		properties.eventRules().forEach(this::requireRule);
		log.info("Event buses present: buses {}, rules {}", properties.eventBuses(), properties.eventRules());
	}

	private void requireBus(String bus) {
		try {
			events.describeEventBus(request -> request.name(bus));
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("EventBridge bus", bus, ex);
		}
	}

	/** {@code bus/rule}, as in {@code securecart.messaging.event-rules}. */
	private void requireRule(String busAndRule) {
		int slash = busAndRule.indexOf('/');
		if (slash < 1) {
			throw new IllegalArgumentException(
					"securecart.messaging.event-rules entries are 'bus/rule', was '" + busAndRule + "'");
		}
		try {
			events.describeRule(
					request -> request.eventBusName(busAndRule.substring(0, slash)).name(busAndRule.substring(slash + 1)));
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("EventBridge rule", busAndRule, ex);
		}
	}
}
