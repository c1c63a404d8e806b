package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderShipped;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

class ShipmentTest {

	private static final UUID ORDER_ID = UUID.randomUUID();

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
			new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	private final RecordingWarehouse warehouse = new RecordingWarehouse();

	private final Shipment shipment = new Shipment(ORDER_ID, "alice", LINES);

	@Test
	void opensReadyForPickingWithTheOrdersLines() {
		assertThat(shipment.getId()).isNotNull();
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKING);
		assertThat(shipment.getLines()).extracting(ShipmentLine::sku, ShipmentLine::quantity)
			.containsExactly(tuple("SC-TSHIRT-001", 2),
					tuple("SC-MUG-002", 1));
		assertThat(shipment.getTrackingNumber()).isNull();
		assertThat(shipment.getShippedAt()).isNull();
	}

	@Test
	void refusesAnOrderWithNothingToShip() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Shipment(ORDER_ID, "alice", List.of()));
	}

	@Test
	void goesThroughPickPackAndShipAndAnnouncesTheShipmentWithTheOrdersLines() {
		shipment.pick(warehouse);
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKED);
		shipment.pack(warehouse);
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PACKED);

		OrderShipped shipped = shipment.ship(warehouse).orElseThrow();

		assertThat(warehouse.calls).containsExactly("pick", "pack", "ship");
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.SHIPPED);
		assertThat(shipment.getTrackingNumber()).isEqualTo("TRACK-" + shipment.getId());
		assertThat(shipment.getShippedAt()).isNotNull();
		assertThat(shipped.orderId()).isEqualTo(ORDER_ID);
		assertThat(shipped.customerId()).isEqualTo("alice");
		assertThat(shipped.shipmentId()).isEqualTo(shipment.getId());
		assertThat(shipped.trackingNumber()).isEqualTo(shipment.getTrackingNumber());
		assertThat(shipped.lines()).isEqualTo(LINES);
		assertThat(shipped.occurredAt()).isEqualTo(shipment.getShippedAt());
	}

	@Test
	void cannotPackWhatIsNotPicked() {
		assertThatIllegalStateException().isThrownBy(() -> shipment.pack(warehouse))
			.withMessageContaining("it is PICKING, not PICKED");

		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKING);
		assertThat(warehouse.calls).isEmpty();
	}

	@Test
	void cannotShipWhatIsNotPacked() {
		shipment.pick(warehouse);

		assertThatIllegalStateException().isThrownBy(() -> shipment.ship(warehouse))
			.withMessageContaining("Cannot ship shipment " + shipment.getId() + ": it is PICKED, not PACKED");

		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKED);
		assertThat(shipment.getTrackingNumber()).isNull();
		assertThat(warehouse.calls).containsExactly("pick");
	}

	@Test
	void aRepeatedStepIsANoOpAndDoesNotCallTheWarehouseAgain() {
		shipment.pick(warehouse);
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		shipment.pick(warehouse);
		shipment.pack(warehouse);

		assertThat(warehouse.calls).containsExactly("pick", "pack");
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PACKED);
	}

	@Test
	void shipsAndAnnouncesOnlyOnce() {
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		OrderShipped first = shipment.ship(warehouse).orElseThrow();

		assertThat(shipment.ship(warehouse)).isEmpty();

		assertThat(warehouse.calls).containsExactly("pick", "pack", "ship");
		assertThat(shipment.getTrackingNumber()).isEqualTo(first.trackingNumber());
	}

	@Test
	void aFailedStepLeavesTheShipmentAtTheLastCompletedStepAndTheRetryResumesThere() {
		shipment.pick(warehouse);
		warehouse.failNext("pack");

		assertThatIllegalStateException().isThrownBy(() -> shipment.pack(warehouse));
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKED);

		// The redelivery runs every step again; the completed one is skipped.
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		assertThat(shipment.ship(warehouse)).isPresent();
		assertThat(warehouse.calls).containsExactly("pick", "pack", "ship");
	}

	@Test
	void aFailedShipmentStepNeitherShipsNorAnnounces() {
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		warehouse.failNext("ship");

		assertThatIllegalStateException().isThrownBy(() -> shipment.ship(warehouse));

		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PACKED);
		assertThat(shipment.getTrackingNumber()).isNull();
		assertThat(shipment.getShippedAt()).isNull();
	}
}
