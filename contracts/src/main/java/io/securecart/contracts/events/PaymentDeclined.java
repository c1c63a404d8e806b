package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The payment provider declined the order's payment. The order ends here. */
public record PaymentDeclined(UUID eventId, UUID orderId, String customerId, String reason, Instant occurredAt)
		implements OrderEvent {
}
