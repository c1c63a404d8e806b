package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A product's stock moved from one {@link Level} to another: it fell to the low-stock threshold or below, ran out,
 * came back into stock, or recovered above the threshold. {@code available} is what new orders could have then.
 * Published by the stock-alerts function; notification-service tells the customers who asked when it is
 * {@link #backInStock()}.
 */
public record StockLevelChanged(UUID eventId, String sku, Level previous, Level current, int available,
		int lowStockThreshold, Instant occurredAt) implements StockEvent {

	/** The customers waiting for the product can have it again. */
	public boolean backInStock() {
		return previous == Level.OUT_OF_STOCK && current != Level.OUT_OF_STOCK;
	}

	public enum Level {

		/** Nothing available. */
		OUT_OF_STOCK,

		/** Available, but at or below the low-stock threshold. */
		LOW,

		/** Above the low-stock threshold. */
		IN_STOCK;

		public static Level of(int available, int lowStockThreshold) {
			if (available <= 0) {
				return OUT_OF_STOCK;
			}
			return available <= lowStockThreshold ? LOW : IN_STOCK;
		}
	}
}
