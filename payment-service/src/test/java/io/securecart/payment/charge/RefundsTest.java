package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.GatewayUnavailableException;
import io.securecart.payment.gateway.RefundReceipt;
import io.securecart.payment.gateway.RefundRefusedException;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.ReceiveLimits;
import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** What {@link Refunds} asks of the gateway, with the database and the messaging played by mocks. */
class RefundsTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final String CHARGE = "ch_the_charge";

	private static final UUID STOCK_REJECTION = UUID.randomUUID();

	private final PaymentRepository repository = mock(PaymentRepository.class);

	private final GatewayClient gateway = mock(GatewayClient.class);

	private final Inbox inbox = mock(Inbox.class);

	private final Outbox outbox = mock(Outbox.class);

	private final RefundAttemptRepository refundAttempts = mock(RefundAttemptRepository.class);

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final ReceiveLimits receiveLimits = mock(ReceiveLimits.class);

	private final Refunds refunds = new Refunds(repository, gateway, inbox, outbox, refundAttempts, codec,
			new TransactionTemplate(mock(PlatformTransactionManager.class)), receiveLimits,
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final OrderPlaced order = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), Money.of("39.98"), "tok_visa", NOW);

	@BeforeEach
	void theDatabaseKeepsWhatIsSaved() {
		given(inbox.firstDelivery(anyString(), any(OrderEvent.class))).willReturn(true);
		given(repository.save(any(Payment.class))).willAnswer(saved -> saved.getArgument(0));
		given(refundAttempts.save(any(RefundAttempt.class))).willAnswer(saved -> saved.getArgument(0));
	}

	@Test
	void refundsWithAKeyOfItsOwnNotTheCharges() {
		authorizedPayment();
		refundsKeepWhatIsWritten();
		given(gateway.refund(anyString(), eq(CHARGE), eq(order.total())))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		refunds.refund(new StockRejected(UUID.randomUUID(), order.orderId(), "alice", List.of("SC-TSHIRT-001"),
				"out of stock", NOW), new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		ArgumentCaptor<String> refundKey = ArgumentCaptor.forClass(String.class);
		verify(gateway).refund(refundKey.capture(), eq(CHARGE), eq(order.total()));
		assertThat(refundKey.getValue()).isEqualTo(Refunds.refundKey(order.orderId()))
			.isEqualTo("refund:" + order.orderId())
			.isNotEqualTo(Payments.chargeKey(order.orderId()));
	}

	@Test
	void writesTheIntentToRefundBeforeAskingTheGatewayAndRecordsTheRefundOnIt() {
		Payment payment = authorizedPayment();
		StockRejected rejection = stockRejected();
		refundsKeepWhatIsWritten();
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		refunds.refund(rejection, new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		InOrder inOrder = inOrder(refundAttempts, gateway, inbox, repository);
		ArgumentCaptor<RefundAttempt> intent = ArgumentCaptor.forClass(RefundAttempt.class);
		inOrder.verify(refundAttempts).insertIfAbsent(intent.capture());
		inOrder.verify(gateway).refund(Refunds.refundKey(order.orderId()), CHARGE, order.total());
		inOrder.verify(refundAttempts).save(intent.getValue());
		inOrder.verify(inbox).firstDelivery(Payments.CONSUMER, rejection);
		inOrder.verify(repository).save(payment);
		assertThat(intent.getValue().getIdempotencyKey()).isEqualTo(Refunds.refundKey(order.orderId()));
		assertThat(intent.getValue().getChargeReference()).isEqualTo(CHARGE);
		assertThat(intent.getValue().getAmount()).isEqualTo(order.total());
		assertThat(intent.getValue().getPaymentId()).isEqualTo(payment.getId());
		assertThat(codec.decode(intent.getValue().getCompensationType(), intent.getValue().getCompensation()))
			.isEqualTo(rejection);
		assertThat(intent.getValue().getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		ArgumentCaptor<PaymentRefunded> announced = ArgumentCaptor.forClass(PaymentRefunded.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().reason()).isEqualTo("out of stock: SC-TSHIRT-001");
		assertThat(announced.getValue().amount()).isEqualTo(order.total());
	}

	@Test
	void aRefundTheOpenCircuitRefusesOnItsLastReceiveIsAcknowledgedAndLeftPendingForTheSweep() {
		Payment payment = authorizedPayment();
		RefundAttempt written = refundAttemptFor(payment, stockRejected());
		given(refundAttempts.insertIfAbsent(any(RefundAttempt.class))).willReturn(written);
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.failedFuture(PaymentsTest.refusedByTheOpenCircuit()));
		Delivery lastReceive = new Delivery(MessagingNames.PAYMENT_QUEUE, 5);
		given(receiveLimits.isLastReceive(lastReceive)).willReturn(true);

		refunds.refund(stockRejected(), lastReceive);

		assertThat(written.getStatus()).as("the sweep's to make, with its key").isEqualTo(RefundAttempt.Status.PENDING);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
		verify(inbox, never()).firstDelivery(anyString(), any(OrderEvent.class));
		verify(repository, never()).save(any(Payment.class));
		verifyNoInteractions(outbox);
	}

	@Test
	void aRefundTheOpenCircuitRefusesBeforeItsLastReceiveFailsAndComesBack() {
		Payment payment = authorizedPayment();
		given(refundAttempts.insertIfAbsent(any(RefundAttempt.class))).willReturn(refundAttemptFor(payment, stockRejected()));
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.failedFuture(PaymentsTest.refusedByTheOpenCircuit()));
		Delivery notTheLast = new Delivery(MessagingNames.PAYMENT_QUEUE, 4);
		given(receiveLimits.isLastReceive(notTheLast)).willReturn(false);

		assertThatExceptionOfType(CallNotPermittedException.class)
			.isThrownBy(() -> refunds.refund(stockRejected(), notTheLast));
	}

	@Test
	void aGatewayThatFailsARefundOnTheLastReceiveStillSendsItToTheDeadLetterQueue() {
		// The gateway was asked and failed: the receives measured something, and the DLQ says so.
		Payment payment = authorizedPayment();
		given(refundAttempts.insertIfAbsent(any(RefundAttempt.class))).willReturn(refundAttemptFor(payment, stockRejected()));
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.failedFuture(new GatewayUnavailableException("down")));
		Delivery lastReceive = new Delivery(MessagingNames.PAYMENT_QUEUE, 5);
		given(receiveLimits.isLastReceive(lastReceive)).willReturn(true);

		assertThatExceptionOfType(GatewayUnavailableException.class)
			.isThrownBy(() -> refunds.refund(stockRejected(), lastReceive));
	}

	@Test
	void theSweepRecordsAPendingRefundAsItsCompensationsDeliveryWouldHave() {
		Payment payment = authorizedPayment();
		FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), order.orderId(), "alice",
				"Fulfillment.ItemDamaged", "found damaged while packing", NOW);
		RefundAttempt pending = refundAttemptFor(payment, failed);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(pending));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(pending));
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		assertThat(refunds.resolveRefund(order.orderId())).isTrue();

		// The inbox entry is the compensation's own event: a redrive of its message finds it applied.
		verify(inbox).firstDelivery(Payments.CONSUMER, failed);
		ArgumentCaptor<PaymentRefunded> announced = ArgumentCaptor.forClass(PaymentRefunded.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().reason()).isEqualTo("fulfillment failed: Fulfillment.ItemDamaged");
		assertThat(announced.getValue().paymentId()).isEqualTo(payment.getId());
		assertThat(pending.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
	}

	@Test
	void aRefundRecordedMeanwhileIsNotAnnouncedAgain() {
		Payment payment = authorizedPayment();
		RefundAttempt recorded = refundAttemptFor(payment, stockRejected());
		recorded.refunded(NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(refundAttemptFor(payment, stockRejected())));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(recorded));
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		assertThat(refunds.resolveRefund(order.orderId())).isFalse();

		verify(repository, never()).save(any(Payment.class));
		verify(refundAttempts, never()).save(any(RefundAttempt.class));
		verifyNoInteractions(outbox);
	}

	@Test
	void aRefundIsNotWrittenDownForAPaymentThatIsNotAuthorised() {
		Payment declined = Payment.declined(order.orderId(), "alice", order.total(), "card_declined", NOW);
		given(repository.findByOrderId(order.orderId())).willReturn(Optional.of(declined));

		refunds.refund(stockRejected(), new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		verify(refundAttempts, never()).insertIfAbsent(any(RefundAttempt.class));
		verifyNoInteractions(gateway, outbox);
	}

	@Test
	void aPendingRefundOfAPaymentRefundedByAnotherPathIsClosedNotAskedForEver() {
		// An earlier release took a delivery of the compensation and refunded without this row; or a person did.
		Payment payment = authorizedPayment();
		RefundAttempt pending = refundAttemptFor(payment, stockRejected());
		payment.refund(NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(pending));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(pending));

		assertThat(refunds.resolveRefund(order.orderId())).isFalse();

		verifyNoInteractions(gateway, outbox);
		verify(refundAttempts).save(pending);
		assertThat(pending.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
	}

	@Test
	void aRefundWhoseCompensationTheInboxHasIsStillRecordedSinceTheGatewayRefunded() {
		Payment payment = authorizedPayment();
		RefundAttempt pending = refundAttemptFor(payment, stockRejected());
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(pending));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(pending));
		given(inbox.firstDelivery(anyString(), any(OrderEvent.class))).willReturn(false);
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		assertThat(refunds.resolveRefund(order.orderId())).isTrue();

		assertThat(pending.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), any(PaymentRefunded.class));
	}

	@Test
	void aRefundTheProviderRefusesForGoodIsSetAsideAndItsDeliveryAcknowledgedNotDeadLettered() {
		Payment payment = authorizedPayment();
		refundsKeepWhatIsWritten();
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total())).willReturn(CompletableFuture
			.failedFuture(new RefundRefusedException("Charge ch_the_charge cannot give back 39.98 USD more")));

		refunds.refund(stockRejected(), new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		ArgumentCaptor<RefundAttempt> saved = ArgumentCaptor.forClass(RefundAttempt.class);
		verify(refundAttempts).save(saved.capture());
		assertThat(saved.getValue().getStatus()).isEqualTo(RefundAttempt.Status.NEEDS_RECONCILIATION);
		assertThat(saved.getValue().refusal()).hasValueSatisfying(refusal -> assertThat(refusal)
			.contains("cannot give back"));
		assertThat(saved.getValue().setAsideAt()).hasValue(NOW);
		assertThat(payment.getStatus()).as("the provider refunded nothing").isEqualTo(PaymentStatus.AUTHORIZED);
		verify(inbox, never()).firstDelivery(anyString(), any(OrderEvent.class));
		verifyNoInteractions(outbox);
	}

	@Test
	void aDeliveryOfARefundAwaitingReconciliationIsAcknowledgedAndAsksNothing() {
		Payment payment = authorizedPayment();
		RefundAttempt setAside = refundAttemptFor(payment, stockRejected());
		setAside.setAside("No charge ch_the_charge to refund", NOW);
		given(refundAttempts.insertIfAbsent(any(RefundAttempt.class))).willReturn(setAside);

		refunds.refund(stockRejected(), new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		verifyNoInteractions(gateway, outbox);
		assertThat(setAside.getStatus()).isEqualTo(RefundAttempt.Status.NEEDS_RECONCILIATION);
	}

	@Test
	void aRefundSetAsideIsNotAskedForByTheSweep() {
		Payment payment = authorizedPayment();
		RefundAttempt setAside = refundAttemptFor(payment, stockRejected());
		setAside.setAside("No charge ch_the_charge to refund", NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(setAside));

		assertThat(refunds.resolveRefund(order.orderId())).isFalse();

		verifyNoInteractions(gateway, outbox);
	}

	@Test
	void aRefundSettlementRecordsTheRefundTheProviderConfirmsAsTheGatewaysWouldHaveBeen() {
		Payment payment = authorizedPayment();
		StockRejected rejection = stockRejected();
		RefundAttempt setAside = refundAttemptFor(payment, rejection);
		setAside.setAside("Charge ch_the_charge cannot give back 39.98 USD more", NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(setAside));
		given(gateway.madeRefund("re_the_refund", Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(true));

		RefundAttempt settled = refunds.settleRefund(order.orderId(), new RefundSettlement(true, "re_the_refund", null));

		assertThat(settled.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		assertThat(settled.settledAt()).hasValue(NOW);
		verify(gateway, never()).refund(anyString(), anyString(), any(Money.class));
		verify(inbox).firstDelivery(Payments.CONSUMER, rejection);
		verify(repository).save(payment);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		ArgumentCaptor<PaymentRefunded> announced = ArgumentCaptor.forClass(PaymentRefunded.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().reason()).isEqualTo("out of stock: SC-TSHIRT-001");
		assertThat(announced.getValue().amount()).isEqualTo(order.total());
		assertThat(announced.getValue().paymentId()).isEqualTo(payment.getId());
	}

	@Test
	void aRefundSettlementWhoseRefundTheProviderDoesNotConfirmRecordsNothing() {
		Payment payment = authorizedPayment();
		RefundAttempt setAside = refundAttemptFor(payment, stockRejected());
		setAside.setAside("No charge ch_the_charge to refund", NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(gateway.madeRefund("re_made_up", Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(false));

		assertThatExceptionOfType(RefundNotConfirmedException.class)
			.isThrownBy(() -> refunds.settleRefund(order.orderId(), new RefundSettlement(true, "re_made_up", null)));

		verify(refundAttempts, never()).save(any(RefundAttempt.class));
		verifyNoInteractions(inbox, outbox);
		assertThat(setAside.getStatus()).isEqualTo(RefundAttempt.Status.NEEDS_RECONCILIATION);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
	}

	@Test
	void aRefundSettlementThatNoRefundWasMadeClosesItAsksNothingAndAnnouncesNothing() {
		Payment payment = authorizedPayment();
		StockRejected rejection = stockRejected();
		RefundAttempt setAside = refundAttemptFor(payment, rejection);
		setAside.setAside("No charge ch_the_charge to refund", NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(setAside));

		RefundAttempt settled = refunds.settleRefund(order.orderId(), new RefundSettlement(false, null, null));

		assertThat(settled.getStatus()).isEqualTo(RefundAttempt.Status.NOT_REFUNDED);
		assertThat(settled.settledAt()).hasValue(NOW);
		verify(refundAttempts).save(setAside);
		verify(inbox).firstDelivery(Payments.CONSUMER, rejection);
		verifyNoInteractions(gateway, outbox);
		assertThat(payment.getStatus()).as("as the provider's books say").isEqualTo(PaymentStatus.AUTHORIZED);
	}

	@Test
	void onlyARefundSetAsideCanBeSettled() {
		Payment payment = authorizedPayment();
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(refundAttemptFor(payment, stockRejected())));

		assertThatExceptionOfType(RefundNotAwaitingReconciliationException.class)
			.isThrownBy(() -> refunds.settleRefund(order.orderId(), new RefundSettlement(false, null, null)));
		assertThatExceptionOfType(RefundAttemptNotFoundException.class)
			.isThrownBy(() -> refunds.settleRefund(UUID.randomUUID(), new RefundSettlement(false, null, null)));
		verifyNoInteractions(gateway, outbox);
	}

	@Test
	void aPaymentCheckoutRefusedForAnOrderCancelledWithNothingToChargeIsRefundedSayingSo() {
		Payment payment = authorizedPayment();
		refundsKeepWhatIsWritten();
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		refunds.refund(new PaymentRejected(UUID.randomUUID(), order.orderId(), "alice", payment.getId(),
				order.total(), order.total(), NOW), new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		ArgumentCaptor<PaymentRefunded> announced = ArgumentCaptor.forClass(PaymentRefunded.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().reason())
			.isEqualTo("the order was cancelled with nothing to charge before its payment of 39.98 USD was taken");
	}

	@Test
	void aRefundSettlementUnderAnotherKeyIsRecordedOnceTheProviderConfirmsARefundOfTheChargeAndAmount() {
		Payment payment = authorizedPayment();
		StockRejected rejection = stockRejected();
		RefundAttempt setAside = setAside(payment, rejection);
		given(gateway.madeRefundUnderAnyKey("re_by_hand", CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(true));

		RefundAttempt settled = refunds.settleRefund(order.orderId(), new RefundSettlement(true, "re_by_hand", true));

		assertThat(settled.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		verify(gateway, never()).madeRefund(anyString(), anyString(), anyString(), any(Money.class));
		verify(gateway, never()).refund(anyString(), anyString(), any(Money.class));
		verify(inbox).firstDelivery(Payments.CONSUMER, rejection);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		ArgumentCaptor<PaymentRefunded> announced = ArgumentCaptor.forClass(PaymentRefunded.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().amount()).isEqualTo(order.total());
		assertThat(setAside.settledAt()).hasValue(NOW);
	}

	@Test
	void aRefundSettlementUnderAnotherKeyTheProviderDoesNotConfirmRecordsNothing() {
		Payment payment = authorizedPayment();
		RefundAttempt setAside = setAside(payment, stockRejected());
		given(gateway.madeRefundUnderAnyKey("re_of_another_charge", CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(false));

		assertThatExceptionOfType(RefundNotConfirmedException.class).isThrownBy(() -> refunds
			.settleRefund(order.orderId(), new RefundSettlement(true, "re_of_another_charge", true)))
			.withMessageContaining("charge and amount");

		verify(refundAttempts, never()).save(any(RefundAttempt.class));
		verifyNoInteractions(inbox, outbox);
		assertThat(setAside.getStatus()).isEqualTo(RefundAttempt.Status.NEEDS_RECONCILIATION);
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
	}

	@Test
	void aRetryAsksForTheRefundSetAsideUnderTheKeyOfItsNextRetryAndRecordsItOnce() {
		Payment payment = authorizedPayment();
		StockRejected rejection = stockRejected();
		RefundAttempt setAside = setAside(payment, rejection);
		String retryKey = "refund:" + order.orderId() + ":1";
		given(gateway.refund(retryKey, CHARGE, order.total()))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_retry")));

		RefundAttempt retried = refunds.retryRefund(order.orderId());

		InOrder inOrder = inOrder(refundAttempts, gateway);
		inOrder.verify(refundAttempts).findLockedById(order.orderId());
		inOrder.verify(refundAttempts).save(setAside);
		inOrder.verify(refundAttempts).tried(order.orderId(), NOW);
		inOrder.verify(gateway).refund(retryKey, CHARGE, order.total());
		assertThat(retried.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		assertThat(retried.getIdempotencyKey()).isEqualTo(retryKey).isEqualTo(Refunds.refundKey(order.orderId(), 1));
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		verify(inbox).firstDelivery(Payments.CONSUMER, rejection);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), any(PaymentRefunded.class));
	}

	@Test
	void aRetryTheProviderRefusesAgainIsSetAsideAgainWithTheNewRefusalNotLost() {
		Payment payment = authorizedPayment();
		setAside(payment, stockRejected());
		given(gateway.refund("refund:" + order.orderId() + ":1", CHARGE, order.total())).willReturn(CompletableFuture
			.failedFuture(new RefundRefusedException("Charge ch_the_charge cannot give back 39.98 USD more")));

		RefundAttempt retried = refunds.retryRefund(order.orderId());

		assertThat(retried.getStatus()).isEqualTo(RefundAttempt.Status.NEEDS_RECONCILIATION);
		assertThat(retried.refusal()).hasValueSatisfying(refusal -> assertThat(refusal).contains("cannot give back"));
		assertThat(retried.getIdempotencyKey()).isEqualTo("refund:" + order.orderId() + ":1");
		assertThat(retried.getRetries()).isEqualTo(1);
		assertThat(payment.getStatus()).as("the provider gave nothing back").isEqualTo(PaymentStatus.AUTHORIZED);
		verifyNoInteractions(inbox, outbox);
	}

	@Test
	void aLateRefusalOfAKeyARetryReplacedLeavesTheRetriedRefundPending() {
		Payment payment = authorizedPayment();
		StockRejected rejection = stockRejected();
		RefundAttempt attempt = refundAttemptFor(payment, rejection);
		given(refundAttempts.insertIfAbsent(any(RefundAttempt.class))).willReturn(attempt);
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(attempt));
		// While the first key's call is on its way, it is set aside and a person asks for it again under a new key.
		given(gateway.refund(Refunds.refundKey(order.orderId()), CHARGE, order.total())).willAnswer(call -> {
			attempt.setAside("The key refund:" + order.orderId() + " was used for another refund", NOW);
			attempt.retry(retry -> Refunds.refundKey(order.orderId(), retry));
			return CompletableFuture.failedFuture(new RefundRefusedException("Charge ch_the_charge has no refund "
					+ "under the key refund:" + order.orderId()));
		});

		refunds.refund(rejection, new Delivery(MessagingNames.PAYMENT_QUEUE, 1));

		assertThat(attempt.getStatus()).as("the new key's refund is the sweep's to ask and record")
			.isEqualTo(RefundAttempt.Status.PENDING);
		assertThat(attempt.getIdempotencyKey()).isEqualTo(Refunds.refundKey(order.orderId(), 1));
		verify(refundAttempts, never()).save(any(RefundAttempt.class));
		verifyNoInteractions(outbox);
	}

	@Test
	void aRetryTheGatewayCannotTakeNowIsLeftPendingForTheSweep() {
		Payment payment = authorizedPayment();
		setAside(payment, stockRejected());
		given(gateway.refund("refund:" + order.orderId() + ":1", CHARGE, order.total()))
			.willReturn(CompletableFuture.failedFuture(new GatewayUnavailableException("down")));

		RefundAttempt retried = refunds.retryRefund(order.orderId());

		assertThat(retried.getStatus()).isEqualTo(RefundAttempt.Status.PENDING);
		assertThat(retried.getIdempotencyKey()).isEqualTo("refund:" + order.orderId() + ":1");
		verifyNoInteractions(inbox, outbox);
	}

	@Test
	void onlyARefundSetAsideCanBeRetriedAndASecondClickMakesNoSecondKey() {
		Payment payment = authorizedPayment();
		RefundAttempt pending = refundAttemptFor(payment, stockRejected());
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(pending));

		assertThatExceptionOfType(RefundNotAwaitingReconciliationException.class)
			.isThrownBy(() -> refunds.retryRefund(order.orderId()));
		assertThatExceptionOfType(RefundAttemptNotFoundException.class)
			.isThrownBy(() -> refunds.retryRefund(UUID.randomUUID()));

		assertThat(pending.getIdempotencyKey()).isEqualTo(Refunds.refundKey(order.orderId()));
		verify(refundAttempts, never()).save(any(RefundAttempt.class));
		verifyNoInteractions(gateway, outbox);
	}

	@Test
	void aRetrysKeyIsDerivedFromItsNumberAndTheFirstIsTheOrdersRefundKey() {
		assertThat(Refunds.refundKey(order.orderId(), 0)).isEqualTo(Refunds.refundKey(order.orderId()));
		assertThat(Refunds.refundKey(order.orderId(), 2)).isEqualTo("refund:" + order.orderId() + ":2");
	}

	/** The order's refund, set aside after a refusal, as the database keeps it: read, and read locked. */
	private RefundAttempt setAside(Payment payment, OrderEvent compensation) {
		RefundAttempt setAside = refundAttemptFor(payment, compensation);
		setAside.setAside("Idempotency key refund:%s was first used to charge".formatted(order.orderId()), NOW);
		given(refundAttempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(refundAttempts.findLockedById(order.orderId())).willReturn(Optional.of(setAside));
		return setAside;
	}

	private Payment authorizedPayment() {
		Payment payment = Payment.authorized(order.orderId(), "alice", order.total(), CHARGE, NOW);
		given(repository.findByOrderId(order.orderId())).willReturn(Optional.of(payment));
		return payment;
	}

	private StockRejected stockRejected() {
		return new StockRejected(STOCK_REJECTION, order.orderId(), "alice", List.of("SC-TSHIRT-001"), "out of stock",
				NOW);
	}

	private RefundAttempt refundAttemptFor(Payment payment, OrderEvent compensation) {
		return new RefundAttempt(payment, Refunds.refundKey(payment.getOrderId()), switch (compensation) {
			case FulfillmentFailed failed -> "fulfillment failed: " + failed.reason();
			default -> "out of stock: SC-TSHIRT-001";
		}, compensation.eventType(), codec.encode(compensation), NOW);
	}

	/** The refund written first is the one read back, locked, by the recording. */
	private void refundsKeepWhatIsWritten() {
		AtomicReference<RefundAttempt> kept = new AtomicReference<>();
		given(refundAttempts.insertIfAbsent(any(RefundAttempt.class))).willAnswer(written -> {
			kept.compareAndSet(null, written.getArgument(0));
			return kept.get();
		});
		given(refundAttempts.findLockedById(order.orderId())).willAnswer(locked -> Optional.ofNullable(kept.get()));
	}
}
