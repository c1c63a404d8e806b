package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

/** The customer's payment was authorised. Carries the lines so inventory can reserve without calling back. */
public record PaymentAuthorized(UUID eventId, UUID orderId, String customerId, UUID paymentId, Money amount,
		List<OrderLine> lines, Instant occurredAt) implements OrderEvent {

	public PaymentAuthorized {
		lines = List.copyOf(lines);
	}
}
