package io.securecart.console.ops.health;

import java.util.List;
import java.util.Map;

import io.securecart.console.api.Service;

/**
 * A service's actuator health as an admin sees it (details are for admins only): each component's status and
 * details, e.g. the outbox backlog, the payment gateway's circuit breaker, the catalog replica's lag.
 */
record ServiceHealth(Service service, String status, List<Component> components, String problem) {

	record Component(String name, String status, Map<String, String> details) {
	}

	public boolean up() {
		return "UP".equals(status);
	}
}
