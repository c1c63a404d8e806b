package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.inbox.Inbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * An order checkout cancelled after its payment (ADR 44): its fulfilment ends CANCELLED before its parcels leave, its
 * execution is stopped and the warehouse told after the commit, and nothing is announced; one not opened yet never
 * starts; one that shipped is not called back. Against Step Functions on moto: {@code FulfillmentWorkflowIT}.
 */
class OrderCancellationsTest {

	private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

	private static final String EXECUTION = "arn:aws:states:us-east-1:000000000000:execution:fulfillment:order";

	private final OrderFulfillmentRepository fulfillments = mock();

	private final ShipmentRepository shipments = mock();

	private final FulfillmentStateMachine stateMachine = mock();

	private final WarehouseReleases releases = mock();

	private final FulfillmentAdmission admission = mock();

	private final Inbox inbox = mock();

	private final RecordingWarehouse warehouse = new RecordingWarehouse();

	private final OrderCancellations cancellations = new OrderCancellations(fulfillments, shipments, stateMachine,
			releases, admission, inbox, new TransactionTemplate(mock(PlatformTransactionManager.class)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final OrderFulfillment running = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), NOW);

	private final PaymentRejected rejected = new PaymentRejected(UUID.randomUUID(), running.getOrderId(), "alice",
			UUID.randomUUID(), Money.of("0.00"), Money.of("12.50"), NOW);

	@BeforeEach
	void firstDelivery() {
		given(inbox.firstDelivery(OrderFulfillments.CONSUMER, rejected)).willReturn(true);
	}

	@Test
	void aRunningFulfilmentIsCancelledThenItsExecutionStoppedAndTheWarehouseTold() {
		running.executionStarted(EXECUTION);
		Shipment picked = new Shipment(running.getOrderId(), "alice", "central", aMug(), NOW);
		picked.pick(warehouse);
		given(fulfillments.findLockedByOrderId(running.getOrderId())).willReturn(Optional.of(running));
		given(shipments.findByOrderIdOrderByWarehouse(running.getOrderId())).willReturn(List.of(picked));
		given(stateMachine.stop(eq(EXECUTION), eq(OrderCancellations.PAYMENT_REJECTED), any())).willReturn(true);

		cancellations.paymentRejected(rejected);

		assertThat(running.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		assertThat(running.getFailureError()).isEqualTo(OrderCancellations.PAYMENT_REJECTED);
		assertThat(running.getFailureCause()).contains(rejected.paymentId().toString(), "0.00 USD", "12.50 USD");
		assertThat(picked.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
		InOrder savedThenCalledOff = inOrder(shipments, fulfillments, stateMachine, releases);
		savedThenCalledOff.verify(shipments).saveProgress(picked);
		savedThenCalledOff.verify(fulfillments).saveProgress(running);
		savedThenCalledOff.verify(stateMachine)
			.stop(EXECUTION, OrderCancellations.PAYMENT_REJECTED, running.getFailureCause());
		savedThenCalledOff.verify(releases).afterCompensation(running.getOrderId());
		verify(admission).executionEnded();
	}

	@Test
	void aStopThatFailsIsLeftToTheExecutionsNextStep() {
		running.executionStarted(EXECUTION);
		given(fulfillments.findLockedByOrderId(running.getOrderId())).willReturn(Optional.of(running));
		given(shipments.findByOrderIdOrderByWarehouse(running.getOrderId())).willReturn(List.of());
		willThrow(new IllegalStateException("throttled")).given(stateMachine).stop(anyString(), anyString(), any());

		cancellations.paymentRejected(rejected);

		assertThat(running.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		verify(releases).afterCompensation(running.getOrderId());
	}

	@Test
	void aFulfilmentStillStartingHasItsExecutionStoppedByTheNameItIsStartedWith() {
		given(fulfillments.findLockedByOrderId(running.getOrderId())).willReturn(Optional.of(running));
		given(shipments.findByOrderIdOrderByWarehouse(running.getOrderId())).willReturn(List.of());
		given(stateMachine.executionArn(running.getOrderId())).willReturn(EXECUTION);

		cancellations.paymentRejected(rejected);

		assertThat(running.getStatus()).isEqualTo(FulfillmentStatus.CANCELLED);
		verify(fulfillments).saveProgress(running);
		verify(stateMachine).stop(EXECUTION, OrderCancellations.PAYMENT_REJECTED, running.getFailureCause());
		verify(admission, never()).executionEnded(); // nothing to stop yet: its first step refuses it
		verify(releases).afterCompensation(running.getOrderId());
	}

	@Test
	void anOrderNotOpenedYetIsOpenedCancelledSoThatItsStockReservedStartsNothing() {
		given(fulfillments.findLockedByOrderId(running.getOrderId())).willReturn(Optional.empty());

		cancellations.paymentRejected(rejected);

		verify(fulfillments).save(argThat(opened -> opened.getOrderId().equals(running.getOrderId())
				&& opened.getStatus() == FulfillmentStatus.CANCELLED && opened.getLines().isEmpty()
				&& !opened.owesWarehouseRelease()));
		verifyNoInteractions(stateMachine, releases);
	}

	@Test
	void anOrderWhoseParcelsLeftIsNotCalledBack() {
		running.executionStarted(EXECUTION);
		Shipment parcel = new Shipment(running.getOrderId(), "alice", "central", aMug(), NOW);
		parcel.pick(warehouse);
		parcel.pack(warehouse);
		parcel.label(warehouse, "TRACK-1");
		parcel.handOver(NOW);
		running.consignmentBooked("TRACK-1");
		running.shipped(List.of(parcel), NOW).orElseThrow();
		given(fulfillments.findLockedByOrderId(running.getOrderId())).willReturn(Optional.of(running));

		cancellations.paymentRejected(rejected);

		assertThat(running.getStatus()).isEqualTo(FulfillmentStatus.SHIPPED);
		verify(fulfillments, never()).saveProgress(any());
		verify(shipments, never()).saveProgress(any());
		verifyNoInteractions(stateMachine, releases);
	}

	@Test
	void aRedeliveryDoesNothing() {
		given(inbox.firstDelivery(OrderFulfillments.CONSUMER, rejected)).willReturn(false);

		cancellations.paymentRejected(rejected);

		verifyNoInteractions(fulfillments, shipments, stateMachine, releases);
	}

	private static List<OrderLine> aMug() {
		return List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50")));
	}
}
