package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The stock of a product that new orders can have ({@code stockOnHand - reserved}) changed, from {@code before} to
 * {@code after}, in one committed transaction of inventory-service: a reservation, a release, a shipment or a stock
 * count. Raw input of the stock-alerts function, which decides whether it is worth telling anyone.
 */
public record AvailableStockChanged(UUID eventId, String sku, int before, int after, Instant occurredAt)
		implements StockEvent {
}
