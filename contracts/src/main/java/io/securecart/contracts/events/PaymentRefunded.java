package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;

/** Compensation: a captured payment was given back because the order could not be fulfilled. */
public record PaymentRefunded(UUID eventId, UUID orderId, String customerId, UUID paymentId, Money amount,
		String reason, Instant occurredAt) implements OrderEvent {
}
