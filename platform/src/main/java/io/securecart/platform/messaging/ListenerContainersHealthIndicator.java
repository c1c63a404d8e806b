package io.securecart.platform.messaging;

import java.util.Map;
import java.util.TreeMap;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** DOWN while any SQS listener is not running: a service that consumes nothing must not look healthy. */
class ListenerContainersHealthIndicator extends AbstractHealthIndicator {

	private final MessageListenerContainerRegistry registry;

	ListenerContainersHealthIndicator(MessageListenerContainerRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> containers = new TreeMap<>();
		boolean allRunning = true;
		for (MessageListenerContainer<?> container : registry.getListenerContainers()) {
			containers.put(container.getId(), container.isRunning() ? "running" : "stopped");
			allRunning &= container.isRunning();
		}
		(allRunning ? builder.up() : builder.down()).withDetail("listeners", containers);
	}
}
