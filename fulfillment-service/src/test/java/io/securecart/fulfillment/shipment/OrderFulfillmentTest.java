package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OrderFulfillmentTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final UUID ORDER_ID = UUID.randomUUID();

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
			new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	private final OrderFulfillment fulfillment = new OrderFulfillment(ORDER_ID, "alice", LINES, NOW);

	private final RecordingWarehouse warehouse = new RecordingWarehouse();

	@Test
	void startsOnceItsExecutionIsKnown() {
		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.STARTING);

		fulfillment.executionStarted("arn:execution:1");
		fulfillment.executionStarted("arn:execution:2");

		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.RUNNING);
		assertThat(fulfillment.getExecutionArn()).isEqualTo("arn:execution:1");
	}

	@Test
	void announcesTheOrderShippedOnceWithEveryLineAndTheConsignmentsTrackingNumber() {
		List<Shipment> parcels = shippedParcels();
		fulfillment.consignmentBooked("TRACK-9");
		fulfillment.consignmentBooked("TRACK-10");

		OrderShipped shipped = fulfillment.shipped(parcels, NOW).orElseThrow();

		assertThat(shipped.orderId()).isEqualTo(ORDER_ID);
		assertThat(shipped.customerId()).isEqualTo("alice");
		assertThat(shipped.trackingNumber()).isEqualTo("TRACK-9");
		assertThat(shipped.shipmentId()).isEqualTo(parcels.getFirst().getId());
		assertThat(shipped.lines()).isEqualTo(LINES);
		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.SHIPPED);
		assertThat(fulfillment.shipped(parcels, NOW)).isEmpty();
	}

	@Test
	void oncePartsLeftNothingFailsTheOrderAndOnlyItsInvoiceIsOwed() {
		fulfillment.consignmentBooked("TRACK-9");
		fulfillment.shipped(shippedParcels(), NOW).orElseThrow();

		assertThat(fulfillment.failed("Warehouse.Unavailable", "billing down", NOW)).isEmpty();

		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.SHIPPED);
		assertThat(fulfillment.getFailureError()).isNull();
		assertThat(fulfillment.owesInvoice()).isTrue();
		fulfillment.invoiced("INV-9");
		fulfillment.invoiced("INV-10");
		assertThat(fulfillment.owesInvoice()).isFalse();
		assertThat(fulfillment.getInvoiceNumber()).isEqualTo("INV-9");
	}

	@Test
	void refusesToShipBeforeEveryParcelLeftOrWithoutAConsignment() {
		Shipment unshipped = new Shipment(ORDER_ID, "alice", "central", LINES, NOW);
		fulfillment.consignmentBooked("TRACK-9");

		assertThatIllegalStateException().isThrownBy(() -> fulfillment.shipped(List.of(unshipped), NOW));
		assertThatIllegalStateException()
			.isThrownBy(() -> new OrderFulfillment(ORDER_ID, "alice", LINES, NOW).shipped(shippedParcels(), NOW));
		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.STARTING);
	}

	@Test
	void anOrderThatHasNotShippedHasNothingToInvoice() {
		assertThatExceptionOfType(InvalidOrderException.class).isThrownBy(() -> fulfillment.invoiced("INV-9"))
			.withMessage("Order " + ORDER_ID + " is STARTING, not shipped: nothing to invoice");
		assertThat(fulfillment.getInvoiceNumber()).isNull();
	}

	@Test
	void failsOnceWithTheWorkflowsReasonAndNeverShipsAfterwards() {
		FulfillmentFailed failed = fulfillment.failed("Fulfillment.ItemDamaged", "SC-MUG-002 damaged", NOW).orElseThrow();

		assertThat(failed.orderId()).isEqualTo(ORDER_ID);
		assertThat(failed.reason()).isEqualTo("Fulfillment.ItemDamaged");
		assertThat(failed.detail()).isEqualTo("SC-MUG-002 damaged");
		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.FAILED);
		assertThat(fulfillment.failed("States.Timeout", "again", NOW)).isEmpty();
		assertThatExceptionOfType(InvalidOrderException.class)
			.isThrownBy(() -> fulfillment.consignmentBooked("TRACK-9"))
			.withMessage("Cannot book a carrier for order " + ORDER_ID + ": its fulfilment failed (Fulfillment.ItemDamaged)");
		assertThatExceptionOfType(InvalidOrderException.class)
			.isThrownBy(() -> fulfillment.shipped(shippedParcels(), NOW));
		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.FAILED);
	}

	@Test
	void aFailedOrderOwesTheWarehouseItsReleaseOnceAndOnlyAFailedOne() {
		assertThat(fulfillment.owesWarehouseRelease()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> fulfillment.warehouseReleased(NOW));

		fulfillment.failed("Fulfillment.ItemDamaged", "SC-MUG-002 damaged", NOW);
		assertThat(fulfillment.owesWarehouseRelease()).isTrue();
		fulfillment.warehouseReleased(NOW.plusSeconds(1));
		fulfillment.warehouseReleased(NOW.plusSeconds(2));

		assertThat(fulfillment.owesWarehouseRelease()).isFalse();
		assertThat(fulfillment.getWarehouseReleasedAt()).isEqualTo(NOW.plusSeconds(1));
	}

	@Test
	void anEndedOrderWhoseReleaseAStepOvertookOwesItAgainAndNoOtherOrderDoes() {
		assertThat(fulfillment.warehouseReleaseOwedAgain()).as("running: nothing to release").isFalse();
		assertThat(fulfillment.owesWarehouseRelease()).isFalse();
		assertThat(FulfillmentFixtures.shippedWithoutInvoice(NOW).warehouseReleaseOwedAgain()).as("shipped").isFalse();

		fulfillment.cancelled("Checkout.PaymentRejected", "paid 11.00", NOW);
		fulfillment.warehouseReleased(NOW.plusSeconds(1));
		assertThat(fulfillment.warehouseReleaseOwedAgain()).isTrue();

		assertThat(fulfillment.owesWarehouseRelease()).isTrue();
		assertThat(fulfillment.getWarehouseReleasedAt()).isNull();
		fulfillment.warehouseReleased(NOW.plusSeconds(2));
		assertThat(fulfillment.getWarehouseReleasedAt()).isEqualTo(NOW.plusSeconds(2));
	}

	@Test
	void aCancelledOrderEndsOnceAnnouncingNothingNeverShipsAndOwesTheWarehouseItsRelease() {
		fulfillment.executionStarted("arn:execution:1");

		assertThat(fulfillment.cancelled("Order.PaymentRejected", "checkout rejected the payment", NOW)).isTrue();

		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		assertThat(fulfillment.isOver()).isTrue();
		assertThat(fulfillment.getFailureError()).isEqualTo("Order.PaymentRejected");
		assertThat(fulfillment.getFailureCause()).isEqualTo("checkout rejected the payment");
		assertThat(fulfillment.getCompletedAt()).isEqualTo(NOW);
		assertThat(fulfillment.cancelled("Order.PaymentRejected", "again", NOW.plusSeconds(1))).isFalse();
		// A CancelShipments that still runs (the execution's next step found the order cancelled) announces nothing.
		assertThat(fulfillment.failed("Fulfillment.InvalidOrder", "cancelled", NOW)).isEmpty();
		assertThatExceptionOfType(InvalidOrderException.class)
			.isThrownBy(() -> fulfillment.consignmentBooked("TRACK-9"))
			.withMessage("Cannot book a carrier for order " + ORDER_ID
					+ ": its fulfilment was cancelled (Order.PaymentRejected)");
		assertThatExceptionOfType(InvalidOrderException.class)
			.isThrownBy(() -> fulfillment.shipped(shippedParcels(), NOW));
		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		assertThat(fulfillment.getFailureCause()).isEqualTo("checkout rejected the payment");
		assertThat(fulfillment.owesWarehouseRelease()).isTrue();
		fulfillment.warehouseReleased(NOW.plusSeconds(1));
		assertThat(fulfillment.owesWarehouseRelease()).isFalse();
	}

	@Test
	void anOrderThatShippedOrFailedIsNotCancelled() {
		fulfillment.consignmentBooked("TRACK-9");
		fulfillment.shipped(shippedParcels(), NOW).orElseThrow();
		OrderFulfillment failed = new OrderFulfillment(UUID.randomUUID(), "bob", LINES, NOW);
		failed.failed("Fulfillment.ItemDamaged", "SC-MUG-002 damaged", NOW).orElseThrow();

		assertThat(fulfillment.cancelled("Order.PaymentRejected", "too late", NOW)).isFalse();
		assertThat(failed.cancelled("Order.PaymentRejected", "too late", NOW)).isFalse();

		assertThat(fulfillment.getStatus()).isEqualTo(FulfillmentStatus.SHIPPED);
		assertThat(fulfillment.getFailureError()).isNull();
		assertThat(fulfillment.owesInvoice()).isTrue();
		assertThat(failed.getStatus()).isEqualTo(FulfillmentStatus.FAILED);
		assertThat(failed.getFailureError()).isEqualTo("Fulfillment.ItemDamaged");
	}

	@Test
	void anOrderCancelledBeforeItsStockWasReservedHereIsKeptCancelledWithNothingOwed() {
		OrderFulfillment cancelled = OrderFulfillment.cancelledBeforeItStarted(ORDER_ID, "alice",
				"Order.PaymentRejected", "checkout rejected the payment", NOW);

		assertThat(cancelled.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		assertThat(cancelled.getLines()).isEmpty();
		assertThat(cancelled.getExecutionArn()).isNull();
		assertThat(cancelled.owesWarehouseRelease()).isFalse();
		cancelled.executionStarted("arn:execution:raced");
		assertThat(cancelled.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		assertThatExceptionOfType(InvalidOrderException.class)
			.isThrownBy(() -> cancelled.requireNotCalledOff("validate"));
	}

	private List<Shipment> shippedParcels() {
		Shipment parcel = new Shipment(ORDER_ID, "alice", "central", LINES, NOW);
		parcel.pick(warehouse);
		parcel.pack(warehouse);
		parcel.label(warehouse, "TRACK-9");
		parcel.handOver(NOW);
		return List.of(parcel);
	}
}
