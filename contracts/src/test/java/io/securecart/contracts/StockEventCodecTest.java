package io.securecart.contracts;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockEvent;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockEventCodecTest {

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@Test
	void roundTripsStockEventsThroughTheirEventType() {
		Instant at = Instant.parse("2026-11-30T15:00:00Z");
		StockEvent change = new AvailableStockChanged(UUID.randomUUID(), "SC-MUG-002", 6, 5, at);
		StockEvent level = new StockLevelChanged(UUID.randomUUID(), "SC-MUG-002", Level.IN_STOCK, Level.LOW, 5, 5, at);

		assertThat(codec.decodeStockEvent(change.eventType(), codec.encode(change))).isEqualTo(change);
		assertThat(codec.decodeStockEvent(level.eventType(), codec.encode(level))).isEqualTo(level);
		assertThat(change.eventType()).isEqualTo("AvailableStockChanged");
		assertThat(level.eventType()).isEqualTo("StockLevelChanged");
	}

	@Test
	void refusesAnOrderEventTypeAsAStockEvent() {
		assertThatThrownBy(() -> codec.decodeStockEvent("OrderPlaced", "{}"))
			.isInstanceOf(OrderEventCodec.UnknownEventTypeException.class);
		assertThat(StockEvent.classOf("PaymentDeclined")).isEmpty();
	}

	@Test
	void theLevelOfAnAvailableQuantityDependsOnTheThreshold() {
		assertThat(Level.of(0, 5)).isEqualTo(Level.OUT_OF_STOCK);
		assertThat(Level.of(-1, 5)).isEqualTo(Level.OUT_OF_STOCK);
		assertThat(Level.of(1, 5)).isEqualTo(Level.LOW);
		assertThat(Level.of(5, 5)).isEqualTo(Level.LOW);
		assertThat(Level.of(6, 5)).isEqualTo(Level.IN_STOCK);
		assertThat(Level.of(1, 0)).isEqualTo(Level.IN_STOCK);
	}
}
