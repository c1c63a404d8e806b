package io.securecart.fulfillment.warehouse;

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

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	private final Shipment shipment = new Shipment(UUID.randomUUID(), "alice", LINES);

	@Test
	void givesTheSameTrackingNumberEveryTimeAShipmentShips() {
		var warehouse = new SimulatedWarehouse(new WarehouseProperties(0));

		String trackingNumber = warehouse.ship(shipment);

		assertThat(trackingNumber).matches("SC[0-9A-F]{16}").isEqualTo(warehouse.ship(shipment));
		assertThat(warehouse.ship(new Shipment(UUID.randomUUID(), "bob", LINES))).isNotEqualTo(trackingNumber);
	}

	@Test
	void neverFailsByDefault() {
		var warehouse = new SimulatedWarehouse(new WarehouseProperties(0), () -> 0.0);

		assertThatNoException().isThrownBy(() -> {
			warehouse.pick(shipment);
			warehouse.pack(shipment);
			warehouse.ship(shipment);
		});
	}

	@Test
	void failsTheConfiguredShareOfCalls() {
		var unlucky = new SimulatedWarehouse(new WarehouseProperties(0.25), () -> 0.2);
		var lucky = new SimulatedWarehouse(new WarehouseProperties(0.25), () -> 0.25);

		assertThatThrownBy(() -> unlucky.pack(shipment)).isInstanceOf(WarehouseUnavailableException.class)
			.hasMessage("Simulated warehouse outage: could not pack shipment " + shipment.getId());
		assertThatNoException().isThrownBy(() -> lucky.pack(shipment));
	}

	@Test
	void failsEveryCallAtRateOne() {
		var warehouse = new SimulatedWarehouse(new WarehouseProperties(1), () -> 0.999);

		assertThatThrownBy(() -> warehouse.pick(shipment)).isInstanceOf(WarehouseUnavailableException.class);
		assertThatThrownBy(() -> warehouse.pack(shipment)).isInstanceOf(WarehouseUnavailableException.class);
		assertThatThrownBy(() -> warehouse.ship(shipment)).isInstanceOf(WarehouseUnavailableException.class);
	}

	@Test
	void refusesAFailureRateThatIsNotAShare() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WarehouseProperties(1.5))
			.withMessageContaining("between 0 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> new WarehouseProperties(-0.1));
	}
}
