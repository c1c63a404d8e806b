package io.securecart.stockalerts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;

/**
 * The rule of the function: a change of available stock is worth announcing when it moves the product from one
 * {@link Level} to another (through the low-stock threshold, out of stock, back into stock), and only then.
 *
 * <p>
 * The announcement's id is derived from the change's id, so a change processed twice (SQS delivers at least once, and
 * a Lambda batch is retried) announces the same {@link StockLevelChanged} twice, which consumers drop by its id.
 */
public record StockLevels(int lowStockThreshold) {

	public StockLevels {
		if (lowStockThreshold < 0) {
			throw new IllegalArgumentException("The low-stock threshold cannot be negative: " + lowStockThreshold);
		}
	}

	public Optional<StockLevelChanged> crossing(AvailableStockChanged change) {
		Level previous = Level.of(change.before(), lowStockThreshold);
		Level current = Level.of(change.after(), lowStockThreshold);
		if (previous == current) {
			return Optional.empty();
		}
		return Optional.of(new StockLevelChanged(announcementOf(change), change.sku(), previous, current,
				Math.max(change.after(), 0), lowStockThreshold, change.occurredAt()));
	}

	private static UUID announcementOf(AvailableStockChanged change) {
		return UUID.nameUUIDFromBytes(("StockLevelChanged of " + change.eventId()).getBytes(StandardCharsets.UTF_8));
	}
}
