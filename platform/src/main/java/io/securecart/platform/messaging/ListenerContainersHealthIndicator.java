package io.securecart.platform.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN while any SQS listener has stopped without a reason, or while a queue the service must consume
 * ({@code securecart.messaging.listens-on}) has no listener at all: a service that consumes nothing must not look
 * healthy. The second catches what the first cannot see, a listener that was never registered (its bean never
 * created, as under lazy initialization, or its {@code @SqsListener} naming another queue). A listener paused on
 * purpose ({@link ListenerPauses}) is shown as paused, with its reason, and is not DOWN; the indicator of whatever
 * caused the pause tells its own story.
 */
class ListenerContainersHealthIndicator extends AbstractHealthIndicator {

	private final MessageListenerContainerRegistry registry;

	private final ListenerPauses pauses;

	private final List<String> listensOn;

	ListenerContainersHealthIndicator(MessageListenerContainerRegistry registry, ListenerPauses pauses,
			List<String> listensOn) {
		this.registry = registry;
		this.pauses = pauses;
		this.listensOn = List.copyOf(listensOn);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> listeners = new TreeMap<>();
		Set<String> unheard = new TreeSet<>(listensOn);
		boolean allConsuming = true;
		for (MessageListenerContainer<?> container : registry.getListenerContainers()) {
			String id = container.getId();
			unheard.removeAll(queuesOf(container));
			if (container.isRunning()) {
				listeners.put(id, "running");
			}
			else {
				listeners.put(id, pauses.reason(id).map(reason -> "paused: " + reason).orElse("stopped"));
				allConsuming &= pauses.isPaused(id);
			}
		}
		builder.withDetail("listeners", listeners);
		if (!unheard.isEmpty()) {
			builder.withDetail("queues without a listener", unheard);
		}
		if (allConsuming && unheard.isEmpty()) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	private static Collection<String> queuesOf(MessageListenerContainer<?> container) {
		return container instanceof AbstractMessageListenerContainer<?, ?, ?> listening ? listening.getQueueNames()
				: List.of();
	}
}
