package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Inventory could not reserve a paid order; nothing was reserved. Payment compensates with a refund. */
public record StockRejected(UUID eventId, UUID orderId, String customerId, List<String> unavailableSkus,
		String reason, Instant occurredAt) implements OrderEvent {

	public StockRejected {
		unavailableSkus = List.copyOf(unavailableSkus);
	}
}
