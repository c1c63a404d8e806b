package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.OrderLine;

/** Inventory set aside stock for every line of a paid order. */
public record StockReserved(UUID eventId, UUID orderId, String customerId, List<OrderLine> lines, Instant occurredAt)
		implements OrderEvent {

	public StockReserved {
		lines = List.copyOf(lines);
	}
}
