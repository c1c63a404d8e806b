package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.OrderLine;

/** Fulfilment shipped the reserved goods. Inventory commits the reservation. */
public record OrderShipped(UUID eventId, UUID orderId, String customerId, UUID shipmentId, String trackingNumber,
		List<OrderLine> lines, Instant occurredAt) implements OrderEvent {

	public OrderShipped {
		lines = List.copyOf(lines);
	}
}
