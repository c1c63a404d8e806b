package io.securecart.platform.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;

/**
 * Stops and restarts SQS listeners on purpose, with a reason, e.g. while a downstream dependency is known to be
 * down: their messages then wait in the queue instead of failing towards the dead-letter queue. Health shows a
 * paused listener as paused, with its reason, rather than as a listener that silently stopped.
 */
public class ListenerPauses {

	private final MessageListenerContainerRegistry registry;

	private final Map<String, String> reasons = new ConcurrentHashMap<>();

	public ListenerPauses(MessageListenerContainerRegistry registry) {
		this.registry = registry;
	}

	/** Stops the listener with this id (its {@code @SqsListener(id = ...)}) and records why. */
	public void pause(String listenerId, String reason) {
		reasons.put(listenerId, reason);
		container(listenerId).stop();
	}

	public void resume(String listenerId) {
		container(listenerId).start();
		reasons.remove(listenerId);
	}

	public boolean isPaused(String listenerId) {
		return reasons.containsKey(listenerId);
	}

	Optional<String> reason(String listenerId) {
		return Optional.ofNullable(reasons.get(listenerId));
	}

	private MessageListenerContainer<?> container(String listenerId) {
		MessageListenerContainer<?> container = registry.getContainerById(listenerId);
		if (container == null) {
			throw new IllegalArgumentException("No SQS listener with id '" + listenerId + "'");
		}
		return container;
	}
}
