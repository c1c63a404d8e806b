package io.securecart.platform.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;

/**
 * Stops and restarts SQS listeners on purpose, with a reason, e.g. while a downstream dependency is known to be
 * down, or because an operator stopped a consumer for a demo or a lab: their messages then wait in the queue instead
 * of failing towards the dead-letter queue. Health shows a paused listener as paused, with its reasons, rather than as
 * a listener that silently stopped.
 * <p>
 * Several parties may hold a listener paused at once (the payment gateway's circuit breaker and an operator, say),
 * each under its own {@code holder}: the listener runs again only when the last one lets go, so a circuit that closes
 * does not restart a consumer an operator stopped.
 */
public class ListenerPauses {

	/** The holder for pauses an operator asks for through the admin API. */
	public static final String OPERATOR = "operator";

	private final MessageListenerContainerRegistry registry;

	/** Listener id → holder → reason. */
	private final Map<String, Map<String, String>> holds = new ConcurrentHashMap<>();

	public ListenerPauses(MessageListenerContainerRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Stops the listener with this id (its {@code @SqsListener(id = ...)}) on behalf of {@code holder}, and records
	 * why. Stopping waits for the messages it is processing.
	 */
	public synchronized void pause(String listenerId, String holder, String reason) {
		MessageListenerContainer<?> container = container(listenerId);
		holds.computeIfAbsent(listenerId, id -> new ConcurrentHashMap<>()).put(holder, reason);
		if (container.isRunning()) {
			container.stop();
		}
	}

	/** Lets go of {@code holder}'s pause; the listener starts again when nobody else holds it paused. */
	public synchronized void resume(String listenerId, String holder) {
		MessageListenerContainer<?> container = container(listenerId);
		Map<String, String> reasons = holds.get(listenerId);
		if (reasons != null) {
			reasons.remove(holder);
		}
		if (reasons == null || reasons.isEmpty()) {
			holds.remove(listenerId);
			if (!container.isRunning()) {
				container.start();
			}
		}
	}

	public boolean isPaused(String listenerId) {
		return holds.containsKey(listenerId);
	}

	public boolean isPausedBy(String listenerId, String holder) {
		return holds.getOrDefault(listenerId, Map.of()).containsKey(holder);
	}

	/** Why the listener is paused: each holder's reason, or empty when it is not paused. */
	Optional<String> reason(String listenerId) {
		Map<String, String> reasons = holds.get(listenerId);
		if (reasons == null || reasons.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new TreeMap<>(reasons).entrySet()
			.stream()
			.map(hold -> hold.getKey() + ": " + hold.getValue())
			.collect(Collectors.joining("; ")));
	}

	/** Every listener of this service, running or not, with who holds it paused and why. */
	public List<ListenerState> states() {
		Collection<MessageListenerContainer<?>> containers = registry.getListenerContainers();
		return containers.stream()
			.map(container -> new ListenerState(container.getId(), container.isRunning(),
					Map.copyOf(new TreeMap<>(holds.getOrDefault(container.getId(), Map.of())))))
			.sorted((a, b) -> a.id().compareTo(b.id()))
			.toList();
	}

	public ListenerState state(String listenerId) {
		MessageListenerContainer<?> container = container(listenerId);
		return new ListenerState(listenerId, container.isRunning(),
				Map.copyOf(holds.getOrDefault(listenerId, Map.of())));
	}

	private MessageListenerContainer<?> container(String listenerId) {
		MessageListenerContainer<?> container = registry.getContainerById(listenerId);
		if (container == null) {
			throw new UnknownListenerException(listenerId);
		}
		return container;
	}

	/** One listener: whether it is consuming, and who holds it paused and why (holder → reason). */
	public record ListenerState(String id, boolean running, Map<String, String> pausedBy) {
	}
}
