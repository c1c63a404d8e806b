package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

/**
 * Checkout accepted an order. Carries a payment <em>token</em> issued by the payment provider, never card data.
 */
public record OrderPlaced(UUID eventId, UUID orderId, String customerId, List<OrderLine> lines, Money total,
		String paymentToken, Instant occurredAt) implements OrderEvent {

	public OrderPlaced {
		lines = List.copyOf(lines);
	}

	@Override
	public String toString() {
		// The token authorises a charge: keep it out of logs even in toString().
		return "OrderPlaced[eventId=%s, orderId=%s, customerId=%s, lines=%s, total=%s]".formatted(eventId, orderId,
				customerId, lines, total);
	}
}
