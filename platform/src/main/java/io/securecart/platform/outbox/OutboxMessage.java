package io.securecart.platform.outbox;

import java.util.UUID;

/**
 * A row of the outbox, as the relay reads it. For {@link Kind#EVENT_BUS}, {@code groupId} is the event's source.
 */
record OutboxMessage(UUID id, Kind kind, String destination, String eventType, String payload, String groupId,
		String dedupId, int attempts) {

	enum Kind {

		TOPIC, FIFO_QUEUE, EVENT_BUS

	}
}
