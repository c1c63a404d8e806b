package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;

import static io.securecart.fulfillment.shipment.FulfillmentFixtures.aMug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * A warehouse step still calling the warehouse when a cancellation or a compensation ends its order (ADR 38, 39, 44):
 * the release after that end may reach the warehouse before the step's own calls do, and what they booked or held
 * would be left there. The step's save then fails on the order's version, and the release is sent again. The real
 * {@link WarehouseReleases}, releasing on the caller's thread, and one warehouse that records every call in order.
 */
class WarehouseCallsAfterTheReleaseTest {

	private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OrderFulfillmentRepository fulfillments = mock();

	private final ShipmentRepository shipments = mock();

	private final TaskLedger ledger = mock();

	private final RecordingWarehouse warehouse = new RecordingWarehouse();

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final FulfillmentProperties properties = new FulfillmentProperties("fulfillment", Map.of(), "central",
			Duration.ofSeconds(20), Duration.ofMinutes(10), 2, Duration.ofMinutes(5));

	private final WarehouseReleases releases = new WarehouseReleases(fulfillments, shipments, warehouse, properties,
			clock, mock(PlatformTransactionManager.class), Runnable::run);

	private final FulfillmentTasks tasks = new FulfillmentTasks(fulfillments, shipments, ledger, warehouse,
			mock(FulfillmentStateMachine.class), mock(Outbox.class), properties, JSON, clock,
			mock(PlatformTransactionManager.class), releases);

	@Test
	void aShipThatBookedTheCarrierAfterTheCancellationsReleaseHasTheReleaseSentAgain() {
		UUID orderId = UUID.randomUUID();
		OrderFulfillment running = running(orderId);
		OrderFulfillment cancelledMeanwhile = running(orderId);
		Shipment packed = packed(orderId);
		given(fulfillments.findById(orderId)).willReturn(Optional.of(running), Optional.of(cancelledMeanwhile));
		given(fulfillments.lockByOrderId(orderId)).willReturn(Optional.of(orderId));
		given(fulfillments.findLockedByOrderId(orderId)).willReturn(Optional.of(cancelledMeanwhile));
		given(shipments.findByOrderIdOrderByWarehouse(orderId)).willReturn(List.of(packed));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).given(fulfillments)
			.saveProgress(running);
		// As the Ship step books the carrier, checkout's cancellation commits and OrderCancellations releases.
		warehouse.meanwhile("book", () -> {
			cancelledMeanwhile.cancelled("Checkout.PaymentRejected", "paid 11.00 of 12.00", NOW);
			releases.afterCompensation(orderId);
		});

		TaskOutcome outcome = tasks.perform(task("Ship", orderId, null)).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		assertThat(warehouse.calls).as("the consignment and label booked after the first release are called off")
			.containsExactly("release", "book", "label", "release");
		assertThat(cancelledMeanwhile.getWarehouseReleasedAt()).isEqualTo(NOW);
		// Released, owed again, released again.
		verify(fulfillments, times(3)).saveProgress(cancelledMeanwhile);
	}

	@Test
	void aPickThatLandedAfterTheCompensationsReleaseHasTheReleaseSentAgain() {
		UUID orderId = UUID.randomUUID();
		OrderFulfillment failedMeanwhile = running(orderId);
		Shipment picking = new Shipment(orderId, "alice", "central", aMug(), NOW);
		Shipment cancelledMeanwhile = new Shipment(orderId, "alice", "central", aMug(), NOW);
		given(shipments.findById(picking.getId())).willReturn(Optional.of(picking), Optional.of(cancelledMeanwhile));
		given(shipments.lockByIdAndOrderId(picking.getId(), orderId)).willReturn(Optional.of(picking.getId()));
		given(fulfillments.findById(orderId)).willReturn(Optional.of(failedMeanwhile));
		given(fulfillments.findLockedByOrderId(orderId)).willReturn(Optional.of(failedMeanwhile));
		given(shipments.findByOrderIdOrderByWarehouse(orderId)).willReturn(List.of(cancelledMeanwhile));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).given(shipments)
			.saveProgress(any());
		// Another parcel's Pack found an item damaged: CancelShipments ends the order and releases, as this one picks.
		warehouse.meanwhile("pick", () -> {
			failedMeanwhile.failed(FulfillmentTasks.ITEM_DAMAGED, "a mug broke", NOW);
			cancelledMeanwhile.cancel();
			releases.afterCompensation(orderId);
		});

		TaskOutcome outcome = tasks.perform(task("Pick", orderId, picking.getId())).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		assertThat(warehouse.calls).containsExactly("release", "pick", "release");
		assertThat(failedMeanwhile.getWarehouseReleasedAt()).isEqualTo(NOW);
	}

	@Test
	void aStepRefusedForAnOrderEndedAndReleasedCallsNoOneAndReleasesNothingAgain() {
		UUID orderId = UUID.randomUUID();
		OrderFulfillment released = running(orderId);
		released.cancelled("Checkout.PaymentRejected", "paid 11.00 of 12.00", NOW);
		released.warehouseReleased(NOW);
		given(fulfillments.findById(orderId)).willReturn(Optional.of(released));
		given(fulfillments.lockByOrderId(orderId)).willReturn(Optional.of(orderId));
		given(fulfillments.findLockedByOrderId(orderId)).willReturn(Optional.of(released));
		given(shipments.findByOrderIdOrderByWarehouse(orderId)).willReturn(List.of(packed(orderId)));

		TaskOutcome outcome = tasks.perform(task("Ship", orderId, null)).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		assertThat(warehouse.calls).isEmpty();
		assertThat(released.getWarehouseReleasedAt()).isEqualTo(NOW);
		verify(fulfillments, never()).saveProgress(any());
	}

	@Test
	void aStepAnsweredFromTheLedgerReleasesNothingAgain() {
		UUID orderId = UUID.randomUUID();
		WorkflowTask task = task("Ship", orderId, null);
		TaskOutcome recorded = new TaskOutcome.Succeeded("{\"trackingNumber\": \"TRACK-1\"}");
		given(ledger.find(task)).willReturn(Optional.of(new TaskLedger.Entry(recorded, "an-earlier-token-hash", 1)));

		assertThat(tasks.perform(task)).isEqualTo(new FulfillmentTasks.Performed(recorded, true));
		assertThat(warehouse.calls).isEmpty();
		verify(fulfillments, never()).findLockedByOrderId(any());
		verify(fulfillments, never()).saveProgress(any());
	}

	@Test
	void aStepWhoseRowsAnotherStepChangedWhileTheOrderRunsReleasesNothing() {
		UUID orderId = UUID.randomUUID();
		OrderFulfillment running = running(orderId);
		Shipment picking = new Shipment(orderId, "alice", "central", aMug(), NOW);
		given(shipments.findById(picking.getId())).willReturn(Optional.of(picking),
				Optional.of(new Shipment(orderId, "alice", "central", aMug(), NOW)));
		given(shipments.lockByIdAndOrderId(picking.getId(), orderId)).willReturn(Optional.of(picking.getId()));
		given(fulfillments.findLockedByOrderId(orderId)).willReturn(Optional.of(running));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).willDoNothing()
			.given(shipments)
			.saveProgress(any());

		TaskOutcome outcome = tasks.perform(task("Pick", orderId, picking.getId())).outcome();

		assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
		assertThat(warehouse.calls).containsExactly("pick", "pick");
		verify(fulfillments, never()).saveProgress(any());
	}

	private static OrderFulfillment running(UUID orderId) {
		OrderFulfillment fulfillment = new OrderFulfillment(orderId, "alice", aMug(), NOW);
		fulfillment.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:" + orderId);
		return fulfillment;
	}

	private static Shipment packed(UUID orderId) {
		Shipment parcel = new Shipment(orderId, "alice", "central", aMug(), NOW);
		RecordingWarehouse elsewhere = new RecordingWarehouse();
		parcel.pick(elsewhere);
		parcel.pack(elsewhere);
		return parcel;
	}

	private static WorkflowTask task(String step, UUID orderId, UUID shipmentId) {
		var input = JSON.createObjectNode().put("orderId", orderId.toString());
		if (shipmentId != null) {
			input.put("shipmentId", shipmentId.toString());
		}
		return new WorkflowTask(step, input, "token-" + step, 0);
	}
}
