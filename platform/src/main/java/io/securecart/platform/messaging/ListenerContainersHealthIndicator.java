package io.securecart.platform.messaging;

import java.util.Map;
import java.util.TreeMap;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while any SQS listener has stopped without a reason: a service that consumes nothing must not look healthy.
 * A listener paused on purpose ({@link ListenerPauses}) is shown as paused, with its reason, and is not DOWN; the
 * indicator of whatever caused the pause tells its own story.
 */
class ListenerContainersHealthIndicator extends AbstractHealthIndicator {

	private final MessageListenerContainerRegistry registry;

	private final ListenerPauses pauses;

	ListenerContainersHealthIndicator(MessageListenerContainerRegistry registry, ListenerPauses pauses) {
		this.registry = registry;
		this.pauses = pauses;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> listeners = new TreeMap<>();
		boolean allConsuming = true;
		for (MessageListenerContainer<?> container : registry.getListenerContainers()) {
			String id = container.getId();
			if (container.isRunning()) {
				listeners.put(id, "running");
			}
			else {
				listeners.put(id, pauses.reason(id).map(reason -> "paused: " + reason).orElse("stopped"));
				allConsuming &= pauses.isPaused(id);
			}
		}
		(allConsuming ? builder.up() : builder.down()).withDetail("listeners", listeners);
	}
}
