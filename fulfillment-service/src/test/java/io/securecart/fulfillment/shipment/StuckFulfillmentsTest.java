package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.fulfillment.shipment.FulfillmentStateMachine.EndedExecution;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** Which fulfilments the reconciliation ends, and with what it tells the other services why. */
class StuckFulfillmentsTest {

	private static final Instant NOW = Instant.parse("2026-12-02T00:30:00Z");

	private final OrderFulfillmentRepository fulfillments = mock();

	private final FulfillmentStateMachine stateMachine = mock();

	private final FulfillmentTasks tasks = mock();

	private final FulfillmentProperties properties = new FulfillmentProperties("fulfillment", Map.of(), "central",
			Duration.ofSeconds(20), Duration.ofSeconds(10), 32, Duration.ofMinutes(5));

	private final WarehouseReleases releases = mock();

	private final StuckFulfillments stuck = new StuckFulfillments(fulfillments, stateMachine, tasks, properties,
			Clock.fixed(NOW, ZoneOffset.UTC), releases);

	@Test
	void asksOnlyAboutFulfilmentsRunningForLongerThanReconcileAfter() {
		stuck.reconcile();

		verify(fulfillments).findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(FulfillmentStatus.RUNNING,
				NOW.minus(Duration.ofMinutes(5)));
	}

	@Test
	void compensatesAnExecutionStoppedWithTheErrorAndCauseItWasStoppedWithThenTellsTheWarehouse() {
		OrderFulfillment running = running("arn:execution:stopped");
		given(stateMachine.endedUnsuccessfully("arn:execution:stopped"))
			.willReturn(Optional.of(new EndedExecution("ABORTED", "Operator.Stopped", "wrong address")));
		given(tasks.compensateEndedExecution(any(), any(), any())).willReturn(true);

		stuck.reconcile();

		InOrder compensatedThenReleased = inOrder(tasks, releases);
		compensatedThenReleased.verify(tasks).compensateEndedExecution(running.getOrderId(), "Operator.Stopped",
				"The execution ended ABORTED without reaching CancelShipments: wrong address");
		compensatedThenReleased.verify(releases).afterCompensation(running.getOrderId());
	}

	@Test
	void tellsTheWarehouseNothingForAFulfilmentThatHadEndedAlready() {
		OrderFulfillment running = running("arn:execution:stopped");
		given(stateMachine.endedUnsuccessfully("arn:execution:stopped"))
			.willReturn(Optional.of(new EndedExecution("ABORTED", "Operator.Stopped", "wrong address")));
		given(tasks.compensateEndedExecution(any(), any(), any())).willReturn(false);

		stuck.reconcile();

		verify(releases, never()).afterCompensation(any());
	}

	@Test
	void namesTheEndWhenStepFunctionsGivesNoError() {
		OrderFulfillment running = running("arn:execution:timed-out");
		given(stateMachine.endedUnsuccessfully("arn:execution:timed-out"))
			.willReturn(Optional.of(new EndedExecution("TIMED_OUT", null, null)));

		stuck.reconcile();

		verify(tasks).compensateEndedExecution(running.getOrderId(), "Execution.TIMED_OUT",
				"The execution ended TIMED_OUT without reaching CancelShipments");
	}

	@Test
	void leavesARunningExecutionAlone() {
		running("arn:execution:running");
		given(stateMachine.endedUnsuccessfully("arn:execution:running")).willReturn(Optional.empty());

		stuck.reconcile();

		verify(tasks, never()).compensateEndedExecution(any(), anyString(), anyString());
	}

	@Test
	void oneExecutionThatCannotBeLookedUpDoesNotHoldUpTheOthers() {
		OrderFulfillment unreachable = fulfillment("arn:execution:unreachable");
		OrderFulfillment stopped = fulfillment("arn:execution:stopped");
		given(fulfillments.findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(eq(FulfillmentStatus.RUNNING), any()))
			.willReturn(List.of(unreachable, stopped));
		given(stateMachine.endedUnsuccessfully("arn:execution:unreachable"))
			.willThrow(new IllegalStateException("throttled"));
		given(stateMachine.endedUnsuccessfully("arn:execution:stopped"))
			.willReturn(Optional.of(new EndedExecution("ABORTED", "Operator.Stopped", "")));

		stuck.reconcile();

		verify(tasks).compensateEndedExecution(stopped.getOrderId(), "Operator.Stopped",
				"The execution ended ABORTED without reaching CancelShipments");
		verify(tasks, never()).compensateEndedExecution(eq(unreachable.getOrderId()), anyString(), anyString());
		assertThat(unreachable.getStatus()).isEqualTo(FulfillmentStatus.RUNNING);
	}

	private OrderFulfillment running(String executionArn) {
		OrderFulfillment fulfillment = fulfillment(executionArn);
		given(fulfillments.findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(eq(FulfillmentStatus.RUNNING), any()))
			.willReturn(List.of(fulfillment));
		return fulfillment;
	}

	private static OrderFulfillment fulfillment(String executionArn) {
		OrderFulfillment fulfillment = new OrderFulfillment(UUID.randomUUID(), "alice",
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), NOW.minus(Duration.ofMinutes(30)));
		fulfillment.executionStarted(executionArn);
		return fulfillment;
	}
}
