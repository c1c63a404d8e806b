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
import org.mockito.InOrder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;

import static io.securecart.fulfillment.shipment.FulfillmentFixtures.aMug;
import static io.securecart.fulfillment.shipment.FulfillmentFixtures.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Steps delivered after the workflow gave up on an order (a redelivery, a worker that died, a retry still queued when
 * the compensation ran): each is answered as an invalid order, and opens or touches nothing. A step that calls the
 * warehouse saves its answers in a second transaction: a copy that answered meanwhile wins, rows changed meanwhile are
 * read again. The happy path and the compensation, against Step Functions on moto: {@code FulfillmentWorkflowIT}.
 */
class FulfillmentTasksTest {

	private static final Instant NOW = Instant.parse("2026-12-05T19:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OrderFulfillmentRepository fulfillments = mock();

	private final ShipmentRepository shipments = mock();

	private final RecordingWarehouse warehouse = new RecordingWarehouse();

	private final FulfillmentStateMachine stateMachine = mock();

	private final TaskLedger ledger = mock();

	private final WarehouseReleases releases = mock();

	private final PlatformTransactionManager transactionManager = mock();

	private final FulfillmentTasks tasks = new FulfillmentTasks(fulfillments, shipments, ledger,
			warehouse, stateMachine, mock(Outbox.class), new FulfillmentProperties("fulfillment", Map.of(), "central",
					Duration.ofSeconds(20), Duration.ofMinutes(10), 2, Duration.ofMinutes(5)),
			JSON, Clock.fixed(NOW, ZoneOffset.UTC), transactionManager, releases);

	@Test
	void aValidateOrderForAnOrderStillStartingRecordsItsRunningExecution() {
		OrderFulfillment starting = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), NOW);
		String executionArn = "arn:aws:states:us-east-1:000000000000:execution:fulfillment:" + starting.getOrderId();
		given(stateMachine.executionArn(starting.getOrderId())).willReturn(executionArn);
		given(fulfillments.lockByOrderId(starting.getOrderId())).willReturn(Optional.of(starting.getOrderId()));
		given(fulfillments.findById(starting.getOrderId())).willReturn(Optional.of(starting));
		given(shipments.findByOrderIdOrderByWarehouse(starting.getOrderId())).willReturn(List.of());
		given(shipments.save(any())).willAnswer(invocation -> invocation.getArgument(0));

		TaskOutcome outcome = tasks.perform(task("ValidateOrder", starting.getOrderId(), null)).outcome();

		assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
		assertThat(starting.getStatus()).isEqualTo(FulfillmentStatus.RUNNING);
		assertThat(starting.getExecutionArn()).isEqualTo(executionArn);
		verify(fulfillments).saveProgress(starting);
	}

	@Test
	void aValidateOrderDeliveredAfterTheCompensationOpensNoParcel() {
		OrderFulfillment failed = failed(NOW);
		given(fulfillments.lockByOrderId(failed.getOrderId())).willReturn(Optional.of(failed.getOrderId()));
		given(fulfillments.findById(failed.getOrderId())).willReturn(Optional.of(failed));
		given(shipments.findByOrderIdOrderByWarehouse(failed.getOrderId())).willReturn(List.of());

		TaskOutcome outcome = tasks.perform(task("ValidateOrder", failed.getOrderId(), null)).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		verify(shipments, never()).save(any());
	}

	@Test
	void aPickDeliveredAfterTheCompensationIsAnsweredNotFailedUntilTheDeadLetterQueue() {
		UUID orderId = UUID.randomUUID();
		Shipment cancelled = new Shipment(orderId, "alice", "central", aMug(), NOW);
		cancelled.cancel();
		given(shipments.lockByIdAndOrderId(cancelled.getId(), orderId)).willReturn(Optional.of(cancelled.getId()));
		given(shipments.findById(cancelled.getId())).willReturn(Optional.of(cancelled));

		TaskOutcome outcome = tasks.perform(task("Pick", orderId, cancelled.getId())).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		assertThat(warehouse.calls).isEmpty();
		verify(shipments, never()).saveProgress(any());
		verify(releases, never()).afterCompensation(any());
	}

	@Test
	void aCopyOfThePickThatAnsweredWhileThisOneWorkedIsTheAnswerAndNothingIsSavedTwice() {
		UUID orderId = UUID.randomUUID();
		Shipment picking = new Shipment(orderId, "alice", "central", aMug(), NOW);
		WorkflowTask task = task("Pick", orderId, picking.getId());
		TaskOutcome copysAnswer = new TaskOutcome.Succeeded("{\"picked\": \"%s\"}".formatted(picking.getId()));
		given(ledger.find(task)).willReturn(Optional.empty(),
				Optional.of(new TaskLedger.Entry(copysAnswer, "the-copys-token-hash", 1)));
		given(shipments.findById(picking.getId())).willReturn(Optional.of(picking));
		given(shipments.lockByIdAndOrderId(picking.getId(), orderId)).willReturn(Optional.of(picking.getId()));

		FulfillmentTasks.Performed performed = tasks.perform(task);

		assertThat(performed.outcome()).isEqualTo(copysAnswer);
		assertThat(performed.replayed()).as("this copy called the warehouse: a step done").isFalse();
		assertThat(warehouse.calls).containsExactly("pick");
		InOrder lockedThenLookedUpAgain = inOrder(ledger, shipments);
		lockedThenLookedUpAgain.verify(ledger).find(task);
		lockedThenLookedUpAgain.verify(shipments).lockByIdAndOrderId(picking.getId(), orderId);
		lockedThenLookedUpAgain.verify(ledger).find(task);
		verify(shipments, never()).saveProgress(any());
		verify(ledger, never()).record(any(), any(), any(), any());
	}

	@Test
	void aPickAnsweredBeforeIsAnsweredFromTheLedgerAsReplayedWithoutTheWarehouse() {
		UUID orderId = UUID.randomUUID();
		Shipment picked = new Shipment(orderId, "alice", "central", aMug(), NOW);
		WorkflowTask task = task("Pick", orderId, picked.getId());
		TaskOutcome recorded = new TaskOutcome.Succeeded("{\"picked\": \"%s\"}".formatted(picked.getId()));
		given(ledger.find(task)).willReturn(Optional.of(new TaskLedger.Entry(recorded, "an-earlier-token-hash", 1)));

		FulfillmentTasks.Performed performed = tasks.perform(task);

		assertThat(performed).isEqualTo(new FulfillmentTasks.Performed(recorded, true));
		assertThat(warehouse.calls).isEmpty();
	}

	@Test
	void aValidateOrderAnsweredBeforeIsReplayedAndOneDoneIsNot() {
		OrderFulfillment running = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), NOW);
		running.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:order");
		WorkflowTask task = task("ValidateOrder", running.getOrderId(), null);
		given(fulfillments.lockByOrderId(running.getOrderId())).willReturn(Optional.of(running.getOrderId()));
		given(fulfillments.findById(running.getOrderId())).willReturn(Optional.of(running));
		given(shipments.findByOrderIdOrderByWarehouse(running.getOrderId())).willReturn(List.of());
		given(shipments.save(any())).willAnswer(invocation -> invocation.getArgument(0));
		TaskOutcome recorded = new TaskOutcome.Succeeded("{}");
		given(ledger.find(task)).willReturn(Optional.empty(),
				Optional.of(new TaskLedger.Entry(recorded, "an-earlier-token-hash", 1)));

		assertThat(tasks.perform(task).replayed()).as("done here").isFalse();
		assertThat(tasks.perform(task)).isEqualTo(new FulfillmentTasks.Performed(recorded, true));
	}

	@Test
	void aParcelTheCompensationCancelledWhileTheWarehousePickedIsReadAgainAndAnsweredAsAnInvalidOrder() {
		UUID orderId = UUID.randomUUID();
		Shipment picking = new Shipment(orderId, "alice", "central", aMug(), NOW);
		Shipment cancelledMeanwhile = new Shipment(orderId, "alice", "central", aMug(), NOW);
		cancelledMeanwhile.cancel();
		WorkflowTask task = task("Pick", orderId, picking.getId());
		given(ledger.find(task)).willReturn(Optional.empty());
		given(shipments.findById(picking.getId())).willReturn(Optional.of(picking), Optional.of(cancelledMeanwhile));
		given(shipments.lockByIdAndOrderId(picking.getId(), orderId)).willReturn(Optional.of(picking.getId()));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).willDoNothing()
			.given(shipments)
			.saveProgress(any());

		TaskOutcome outcome = tasks.perform(task).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		assertThat(warehouse.calls).containsExactly("pick");
		verify(ledger).record(task, outcome, NOW, NOW);
	}

	@Test
	void aPickThatLandedAfterTheOrderEndedAndWasReleasedOwesTheReleaseAgainAndSendsItAfterThatCommit() {
		OrderFulfillment released = failed(NOW);
		released.warehouseReleased(NOW);
		UUID orderId = released.getOrderId();
		Shipment picking = new Shipment(orderId, "alice", "central", aMug(), NOW);
		Shipment cancelledMeanwhile = new Shipment(orderId, "alice", "central", aMug(), NOW);
		cancelledMeanwhile.cancel();
		WorkflowTask task = task("Pick", orderId, picking.getId());
		given(shipments.findById(picking.getId())).willReturn(Optional.of(picking), Optional.of(cancelledMeanwhile));
		given(shipments.lockByIdAndOrderId(picking.getId(), orderId)).willReturn(Optional.of(picking.getId()));
		given(fulfillments.findLockedByOrderId(orderId)).willReturn(Optional.of(released));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).given(shipments)
			.saveProgress(any());

		TaskOutcome outcome = tasks.perform(task).outcome();

		assertThat(outcome).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				refused -> assertThat(refused.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		assertThat(released.owesWarehouseRelease()).isTrue();
		InOrder owedThenCommittedThenSent = inOrder(fulfillments, transactionManager, releases);
		owedThenCommittedThenSent.verify(fulfillments).saveProgress(released);
		owedThenCommittedThenSent.verify(transactionManager).commit(any());
		owedThenCommittedThenSent.verify(releases).afterCompensation(orderId);
		verify(releases).afterCompensation(orderId);
	}

	@Test
	void aStepWhoseRowsKeepChangingFailsItsMessageAfterItsAttempts() {
		UUID orderId = UUID.randomUUID();
		Shipment picking = new Shipment(orderId, "alice", "central", aMug(), NOW);
		WorkflowTask task = task("Pick", orderId, picking.getId());
		given(ledger.find(task)).willReturn(Optional.empty());
		given(shipments.findById(picking.getId())).willAnswer(
				invocation -> Optional.of(new Shipment(orderId, "alice", "central", aMug(), NOW)));
		given(shipments.lockByIdAndOrderId(picking.getId(), orderId)).willReturn(Optional.of(picking.getId()));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).given(shipments)
			.saveProgress(any());

		assertThatThrownBy(() -> tasks.perform(task)).isInstanceOf(OptimisticLockingFailureException.class);
		assertThat(warehouse.calls).hasSize(FulfillmentTasks.ATTEMPTS);
		verify(ledger, never()).record(any(), any(), any(), any());
	}

	@Test
	void theCompensationTellsTheWarehouseOnceItsOutcomeIsRecorded() {
		OrderFulfillment running = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), NOW);
		running.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:order");
		Shipment picked = new Shipment(running.getOrderId(), "alice", "central", aMug(), NOW);
		picked.pick(warehouse);
		WorkflowTask task = task("CancelShipments", running.getOrderId(), null);
		given(fulfillments.lockByOrderId(running.getOrderId())).willReturn(Optional.of(running.getOrderId()));
		given(fulfillments.findById(running.getOrderId())).willReturn(Optional.of(running));
		given(shipments.findByOrderIdOrderByWarehouse(running.getOrderId())).willReturn(List.of(picked));

		TaskOutcome outcome = tasks.perform(task).outcome();

		assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
		assertThat(picked.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
		InOrder recordedThenReleased = inOrder(ledger, releases);
		recordedThenReleased.verify(ledger).record(task, outcome, NOW, NOW);
		recordedThenReleased.verify(releases).afterCompensation(running.getOrderId());
	}

	private static WorkflowTask task(String step, UUID orderId, UUID shipmentId) {
		var input = JSON.createObjectNode().put("orderId", orderId.toString());
		if (shipmentId != null) {
			input.put("shipmentId", shipmentId.toString());
		}
		return new WorkflowTask(step, input, "token-" + step, 0);
	}
}
