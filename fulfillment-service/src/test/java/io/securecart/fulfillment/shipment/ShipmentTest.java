package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

class ShipmentTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final UUID ORDER_ID = UUID.randomUUID();

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
			new OrderLine("SC-HOODIE-003", 1, Money.of("49.00")));

	private final RecordingWarehouse warehouse = new RecordingWarehouse();

	private final Shipment shipment = new Shipment(ORDER_ID, "alice", "apparel", LINES, NOW);

	@Test
	void opensReadyForPickingWithItsWarehousesLines() {
		assertThat(shipment.getId()).isNotNull();
		assertThat(shipment.getWarehouse()).isEqualTo("apparel");
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKING);
		assertThat(shipment.getLines()).extracting(ShipmentLine::sku, ShipmentLine::quantity)
			.containsExactly(tuple("SC-TSHIRT-001", 2), tuple("SC-HOODIE-003", 1));
		assertThat(shipment.getTrackingNumber()).isNull();
		assertThat(shipment.getLabel()).isNull();
	}

	@Test
	void refusesAShipmentWithNothingInIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Shipment(ORDER_ID, "alice", "central", List.of(), NOW));
	}

	@Test
	void goesThroughPickPackLabelAndHandOverWithTheConsignmentsTrackingNumber() {
		shipment.pick(warehouse);
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKED);
		shipment.pack(warehouse);
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PACKED);
		shipment.label(warehouse, "TRACK-1");
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.LABELLED);
		assertThat(shipment.getShippedAt()).isNull();

		shipment.handOver(NOW);

		assertThat(warehouse.calls).containsExactly("pick", "pack", "label");
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.SHIPPED);
		assertThat(shipment.getTrackingNumber()).isEqualTo("TRACK-1");
		assertThat(shipment.getLabel()).isEqualTo("LABEL-" + shipment.getId());
		assertThat(shipment.getShippedAt()).isNotNull();
	}

	@Test
	void cannotPackWhatIsNotPicked() {
		assertThatIllegalStateException().isThrownBy(() -> shipment.pack(warehouse))
			.withMessageContaining("it is PICKING, not PICKED");

		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKING);
		assertThat(warehouse.calls).isEmpty();
	}

	@Test
	void cannotLabelWhatIsNotPacked() {
		shipment.pick(warehouse);

		assertThatIllegalStateException().isThrownBy(() -> shipment.label(warehouse, "TRACK-1"))
			.withMessageContaining("Cannot label shipment " + shipment.getId() + ": it is PICKED, not PACKED");

		assertThat(shipment.getTrackingNumber()).isNull();
		assertThat(warehouse.calls).containsExactly("pick");
	}

	@Test
	void nothingLeavesWithoutALabel() {
		shipment.pick(warehouse);
		shipment.pack(warehouse);

		assertThatIllegalStateException().isThrownBy(() -> shipment.handOver(NOW))
			.withMessageContaining("Cannot ship shipment " + shipment.getId() + ": it is PACKED, not LABELLED");

		assertThat(shipment.getShippedAt()).isNull();
	}

	@Test
	void aLabelTheWarehouseFailedToPrintLeavesTheParcelPackedAndIsAskedForAgain() {
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		warehouse.failNext("label");

		assertThatIllegalStateException().isThrownBy(() -> shipment.label(warehouse, "TRACK-1"));
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PACKED);
		assertThat(shipment.getTrackingNumber()).isNull();

		shipment.label(warehouse, "TRACK-1");
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.LABELLED);
	}

	@Test
	void aRepeatedStepIsANoOpAndDoesNotCallTheWarehouseAgain() {
		shipment.pick(warehouse);
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		shipment.label(warehouse, "TRACK-1");
		shipment.label(warehouse, "TRACK-2");
		shipment.handOver(NOW);
		shipment.handOver(NOW.plusSeconds(60));
		shipment.label(warehouse, "TRACK-3");

		assertThat(warehouse.calls).containsExactly("pick", "pack", "label");
		assertThat(shipment.getTrackingNumber()).isEqualTo("TRACK-1");
		assertThat(shipment.getShippedAt()).isEqualTo(NOW);
	}

	@Test
	void aFailedStepLeavesTheShipmentAtTheLastCompletedStep() {
		shipment.pick(warehouse);
		warehouse.failNext("pack");

		assertThatIllegalStateException().isThrownBy(() -> shipment.pack(warehouse));
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PICKED);

		shipment.pack(warehouse);
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.PACKED);
	}

	@Test
	void theCompensationCancelsAParcelThatHasNotLeftOnce() {
		shipment.pick(warehouse);

		assertThat(shipment.cancel()).isTrue();
		assertThat(shipment.cancel()).isFalse();

		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
	}

	@Test
	void aStepDeliveredAfterTheCompensationIsRefusedAsAnInvalidOrderNotABug() {
		shipment.pick(warehouse);
		shipment.cancel();

		assertThatExceptionOfType(InvalidOrderException.class).isThrownBy(() -> shipment.pack(warehouse))
			.withMessageContaining("it was cancelled");
		assertThatExceptionOfType(InvalidOrderException.class).isThrownBy(() -> shipment.pick(warehouse));
		assertThat(warehouse.calls).containsExactly("pick");
	}

	@Test
	void aLabelledParcelThatHasNotLeftIsCancelled() {
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		shipment.label(warehouse, "TRACK-1");

		assertThat(shipment.cancel()).isTrue();
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
		assertThatExceptionOfType(InvalidOrderException.class).isThrownBy(() -> shipment.handOver(NOW));
	}

	@Test
	void aShippedParcelIsNotCancelled() {
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		shipment.label(warehouse, "TRACK-1");
		shipment.handOver(NOW);

		assertThat(shipment.cancel()).isFalse();
		assertThat(shipment.getStatus()).isEqualTo(ShipmentStatus.SHIPPED);
	}
}
