package io.securecart.platform.outbox;

import java.util.UUID;

/**
 * A row of the outbox, as the relay reads it. For {@link Kind#EVENT_BUS}, {@code groupId} is the event's source.
 * {@code traceparent} is the trace context of the span that wrote the row ({@code null} outside a trace),
 * {@code orderId} the order the event is about, {@code delaySeconds} the SQS delivery delay a standard queue's message
 * is sent with ({@code null}: none), {@code refusals} how many times the broker refused it as the sender's fault.
 */
record OutboxMessage(UUID id, Kind kind, String destination, String eventType, String payload, String groupId,
		String dedupId, int attempts, int refusals, String traceparent, String orderId, Integer delaySeconds) {

	OutboxMessage(UUID id, Kind kind, String destination, String eventType, String payload, String groupId,
			String dedupId, int attempts, String traceparent, String orderId, Integer delaySeconds) {
		this(id, kind, destination, eventType, payload, groupId, dedupId, attempts, 0, traceparent, orderId,
				delaySeconds);
	}

	OutboxMessage(UUID id, Kind kind, String destination, String eventType, String payload, String groupId,
			String dedupId, int attempts, String traceparent, String orderId) {
		this(id, kind, destination, eventType, payload, groupId, dedupId, attempts, traceparent, orderId, null);
	}

	enum Kind {

		TOPIC, FIFO_QUEUE, EVENT_BUS, QUEUE

	}
}
