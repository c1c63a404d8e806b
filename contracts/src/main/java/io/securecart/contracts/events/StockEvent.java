package io.securecart.contracts.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fact about a product's stock, not about an order (ADR 15):
 *
 * <pre>
 * inventory-service ─ AvailableStockChanged ─▶ stock-level-changes (queue) ─▶ the stock-alerts function
 *                       ─ StockLevelChanged ─▶ stock-events (topic) ─▶ notification-service
 * </pre>
 *
 * Like an {@link OrderEvent}, each carries its own id, which consumers record to ignore redeliveries, and travels with
 * its {@code eventType} attribute, through the same codec.
 */
public sealed interface StockEvent permits AvailableStockChanged, StockLevelChanged {

	UUID eventId();

	String sku();

	Instant occurredAt();

	/** The value of the {@code eventType} message attribute, which SNS filter policies match on. */
	default String eventType() {
		return getClass().getSimpleName();
	}

	/** The event class for an {@code eventType} attribute value, if it names a stock event. */
	static Optional<Class<? extends StockEvent>> classOf(String eventType) {
		return Optional.ofNullable(Registry.BY_TYPE.get(eventType));
	}

	final class Registry {

		@SuppressWarnings("unchecked")
		private static final Map<String, Class<? extends StockEvent>> BY_TYPE = Arrays
			.stream(StockEvent.class.getPermittedSubclasses())
			.map(type -> (Class<? extends StockEvent>) type)
			.collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

		private Registry() {
		}
	}
}
