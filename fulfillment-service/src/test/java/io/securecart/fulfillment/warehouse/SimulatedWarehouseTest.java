package io.securecart.fulfillment.warehouse;

import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.fulfillment.shipment.Shipment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedWarehouseTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final List<OrderLine> MUG = List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	private final Shipment shipment = new Shipment(UUID.randomUUID(), "alice", "central", MUG, NOW);

	@Test
	void givesTheSameAnswersEveryTimeForTheSameOrderAndShipment() {
		var warehouse = warehouse(List.of(), List.of());
		UUID orderId = shipment.getOrderId();

		String trackingNumber = warehouse.bookCarrier(orderId, List.of(shipment));

		assertThat(trackingNumber).matches("SC[0-9A-F]{16}").isEqualTo(warehouse.bookCarrier(orderId, List.of()));
		assertThat(warehouse.bookCarrier(UUID.randomUUID(), List.of())).isNotEqualTo(trackingNumber);
		assertThat(warehouse.label(shipment)).isEqualTo(warehouse.label(shipment)).startsWith("LBL-");
		assertThat(warehouse.invoice(orderId, List.of())).isEqualTo(warehouse.invoice(orderId, List.of()))
			.startsWith("INV-");
	}

	@Test
	void neverFailsByDefault() {
		var warehouse = warehouse(List.of(), List.of());

		assertThatNoException().isThrownBy(() -> {
			warehouse.pick(shipment);
			warehouse.pack(shipment);
		});
	}

	@Test
	void aFlakySkuFailsTheFirstAttemptsOfEachStepThenWorks() {
		var warehouse = warehouse(List.of("SC-MUG-002"), List.of());

		assertThatThrownBy(() -> warehouse.pick(shipment)).isInstanceOf(WarehouseUnavailableException.class)
			.hasMessageContaining("attempt 1");
		assertThatThrownBy(() -> warehouse.pick(shipment)).isInstanceOf(WarehouseUnavailableException.class)
			.hasMessageContaining("attempt 2");
		assertThatNoException().isThrownBy(() -> warehouse.pick(shipment));
		assertThatThrownBy(() -> warehouse.pack(shipment)).isInstanceOf(WarehouseUnavailableException.class);
	}

	@Test
	void aDamagedSkuFailsPackingEveryTime() {
		var warehouse = warehouse(List.of(), List.of("SC-MUG-002"));

		assertThatNoException().isThrownBy(() -> warehouse.pick(shipment));
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatThrownBy(() -> warehouse.pack(shipment)).isInstanceOf(ItemDamagedException.class)
				.hasMessageContaining("SC-MUG-002");
		}
	}

	@Test
	void refusesANegativeNumberOfFailures() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WarehouseProperties(List.of(), -1, List.of(), Duration.ZERO))
			.withMessageContaining("transient-failures");
	}

	private static SimulatedWarehouse warehouse(List<String> flaky, List<String> damaged) {
		return new SimulatedWarehouse(new WarehouseProperties(flaky, 2, damaged, Duration.ZERO));
	}
}
