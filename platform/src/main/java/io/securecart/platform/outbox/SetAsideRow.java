package io.securecart.platform.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbox row the relay set aside (ADR 43), as an operator sees it: where it was going, why the broker refused it,
 * and its payload without the payment token.
 */
public record SetAsideRow(UUID id, String destination, String eventType, String groupId, String orderId,
		int attempts, int refusals, String lastError, Instant createdAt, Instant setAsideAt, String payload) {
}
