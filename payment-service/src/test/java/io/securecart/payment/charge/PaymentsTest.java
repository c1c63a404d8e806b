package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.payment.gateway.Authorization;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.GatewayUnavailableException;
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

/** What {@link Payments} asks of the gateway, with the database and the messaging played by mocks. */
class PaymentsTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final String CHARGE = "ch_the_charge";

	private static final Duration KEY_WINDOW = Duration.ofHours(23);

	private static final UUID STOCK_REJECTION = UUID.randomUUID();

	private final PaymentRepository repository = mock(PaymentRepository.class);

	private final GatewayClient gateway = mock(GatewayClient.class);

	private final Inbox inbox = mock(Inbox.class);

	private final Outbox outbox = mock(Outbox.class);

	private final PaymentAttemptRepository attempts = mock(PaymentAttemptRepository.class);

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final ReceiveLimits receiveLimits = mock(ReceiveLimits.class);

	private final PaymentHolds holds = mock(PaymentHolds.class);

	private final Payments payments = new Payments(repository, gateway, inbox, outbox, holds,
			attempts, codec, new TransactionTemplate(mock(PlatformTransactionManager.class)), receiveLimits,
			new PaymentAttemptProperties(Duration.ofMinutes(5), Duration.ofMinutes(1), KEY_WINDOW),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final OrderPlaced order = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), Money.of("39.98"), "tok_visa", NOW);

	@BeforeEach
	void theDatabaseKeepsWhatIsSaved() {
		given(inbox.firstDelivery(anyString(), any(OrderEvent.class))).willReturn(true);
		given(repository.save(any(Payment.class))).willAnswer(saved -> saved.getArgument(0));
		given(attempts.save(any(PaymentAttempt.class))).willAnswer(saved -> saved.getArgument(0));
	}

	@Test
	void writesTheIntentToChargeBeforeAskingTheGatewayAndRecordsTheAnswerOnIt() {
		PaymentAttempt written = attemptFor(order);
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(written);
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(written));
		given(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.willReturn(CompletableFuture.completedFuture(new Authorization.Approved(CHARGE)));

		payments.authorize(order);

		InOrder inOrder = inOrder(attempts, gateway, repository);
		ArgumentCaptor<PaymentAttempt> intent = ArgumentCaptor.forClass(PaymentAttempt.class);
		inOrder.verify(attempts).insertIfAbsent(intent.capture());
		inOrder.verify(gateway).authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total());
		inOrder.verify(attempts).save(written);
		inOrder.verify(repository).save(any(Payment.class));
		assertThat(intent.getValue().getIdempotencyKey()).isEqualTo(Payments.chargeKey(order.orderId()));
		assertThat(intent.getValue().getAmount()).isEqualTo(order.total());
		assertThat(codec.decode("OrderPlaced", intent.getValue().orderToCharge().orElseThrow())).isEqualTo(order);
		assertThat(written.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), any(PaymentAuthorized.class));
	}

	@Test
	void anAuthorisationTheCustomerWaitsForWritesNoIntentForTheSweepToChargeLater() {
		given(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.willReturn(CompletableFuture.failedFuture(new GatewayUnavailableException("down")));

		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(() -> payments.authorizeNow(order));

		verify(attempts, never()).insertIfAbsent(any(PaymentAttempt.class));
	}

	@Test
	void anOrderWhoseAttemptIsPendingIsAskedForAgainWithItsKeyAndRecorded() {
		// An earlier delivery wrote it (with its key) and charged, and its recording failed.
		PaymentAttempt earlier = new PaymentAttempt(order.orderId(), "alice", "the-earlier-key", order.total(),
				codec.encode(order), NOW.minusSeconds(60));
		given(repository.existsByOrderId(order.orderId())).willReturn(false);
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(earlier);
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(earlier));
		given(gateway.authorize("the-earlier-key", "tok_visa", order.total()))
			.willReturn(CompletableFuture.completedFuture(new Authorization.Approved(CHARGE)));

		payments.authorize(order);

		verify(gateway).authorize("the-earlier-key", "tok_visa", order.total());
		verify(repository).save(any(Payment.class));
		assertThat(earlier.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
	}

	@Test
	void aDeclineRecordedMeanwhileIsNotOverwrittenNorAnnouncedAgain() {
		PaymentAttempt declined = attemptFor(order);
		declined.answered(new Authorization.Declined("card_declined"), NOW);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(attemptFor(order)));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(declined));
		given(gateway.authorize(anyString(), eq("tok_visa"), eq(order.total())))
			.willReturn(CompletableFuture.completedFuture(new Authorization.Approved(CHARGE)));

		assertThat(payments.resolve(order.orderId())).isFalse();

		assertThat(declined.getStatus()).isEqualTo(PaymentAttempt.Status.DECLINED);
		verify(repository, never()).save(any(Payment.class));
		verify(attempts, never()).save(any(PaymentAttempt.class));
		verifyNoInteractions(outbox);
	}

	@Test
	void theSweepRecordsAPendingAttemptAsItsDeliveryWouldHave() {
		PaymentAttempt pending = attemptFor(order);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(pending));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(pending));
		given(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.willReturn(CompletableFuture.completedFuture(new Authorization.Approved(CHARGE)));

		assertThat(payments.resolve(order.orderId())).isTrue();

		// The inbox entry is the order's own event: a redrive of its message finds it applied.
		verify(inbox).firstDelivery(Payments.CONSUMER, order);
		ArgumentCaptor<PaymentAuthorized> announced = ArgumentCaptor.forClass(PaymentAuthorized.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().lines()).isEqualTo(order.lines());
		assertThat(announced.getValue().amount()).isEqualTo(order.total());
		assertThat(pending.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
	}

	@Test
	void anOrderTheOpenCircuitRefusesOnItsLastReceiveIsAcknowledgedAndLeftPendingForTheSweep() {
		PaymentAttempt written = attemptFor(order);
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(written);
		given(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.willReturn(CompletableFuture.failedFuture(refusedByTheOpenCircuit()));
		Delivery lastReceive = new Delivery(MessagingNames.ORDERS_QUEUE, 5);
		given(receiveLimits.isLastReceive(lastReceive)).willReturn(true);

		payments.authorize(order, lastReceive);

		assertThat(written.getStatus()).as("the sweep's to charge, with its key")
			.isEqualTo(PaymentAttempt.Status.PENDING);
		verify(inbox, never()).firstDelivery(anyString(), any(OrderEvent.class));
		verify(repository, never()).save(any(Payment.class));
		verifyNoInteractions(outbox);
	}

	@Test
	void anOrderTheOpenCircuitRefusesBeforeItsLastReceiveFailsAndComesBack() {
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(attemptFor(order));
		given(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.willReturn(CompletableFuture.failedFuture(refusedByTheOpenCircuit()));
		Delivery notTheLast = new Delivery(MessagingNames.ORDERS_QUEUE, 4);
		given(receiveLimits.isLastReceive(notTheLast)).willReturn(false);

		assertThatExceptionOfType(CallNotPermittedException.class)
			.isThrownBy(() -> payments.authorize(order, notTheLast));
	}

	@Test
	void aGatewayThatFailsOnTheLastReceiveStillSendsTheOrderToTheDeadLetterQueue() {
		// The gateway was asked and failed: the receive measured something, and the DLQ says so (lab 3).
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(attemptFor(order));
		given(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.willReturn(CompletableFuture.failedFuture(new GatewayUnavailableException("down")));
		Delivery lastReceive = new Delivery(MessagingNames.ORDERS_QUEUE, 5);
		given(receiveLimits.isLastReceive(lastReceive)).willReturn(true);

		assertThatExceptionOfType(GatewayUnavailableException.class)
			.isThrownBy(() -> payments.authorize(order, lastReceive));
	}

	static CallNotPermittedException refusedByTheOpenCircuit() {
		CircuitBreaker open = CircuitBreaker.ofDefaults("gateway");
		open.transitionToOpenState();
		return CallNotPermittedException.createCallNotPermittedException(open);
	}

	@Test
	void theSweepSetsAsideAnAttemptPendingLongerThanTheProviderKeepsItsKeyInsteadOfAskingAgain() {
		PaymentAttempt expired = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		given(attempts.findById(order.orderId())).willReturn(Optional.of(expired));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(expired));

		assertThat(payments.resolve(order.orderId())).isFalse();

		verifyNoInteractions(gateway, outbox);
		verify(attempts).save(expired);
		assertThat(expired.getStatus()).isEqualTo(PaymentAttempt.Status.NEEDS_RECONCILIATION);
		assertThat(codec.decode("OrderPlaced", expired.orderToCharge().orElseThrow()))
			.as("kept for the settlement, without its token")
			.isEqualTo(order.withoutPaymentToken());
	}

	@Test
	void aHeldHighValueOrderSetAsideIsReleasedFromItsHoldSoItsTokenIsLeftNowhere() {
		PaymentAttempt expired = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(expired));

		assertThat(payments.setAside(order.orderId())).isTrue();

		// The hold keeps the order with its token until released; the attempt alone keeps what a settlement needs.
		InOrder inOrder = inOrder(attempts, holds);
		inOrder.verify(attempts).save(expired);
		inOrder.verify(holds).chargeSetAside(order.orderId());
	}

	@Test
	void anAttemptNotSetAsideLeavesItsHoldAsItIs() {
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(attemptFor(order)));

		assertThat(payments.setAside(order.orderId())).as("still within its key window").isFalse();

		verifyNoInteractions(holds);
	}

	@Test
	void aLateDeliveryOfAnOrderPendingPastTheKeyWindowSetsItAsideAndChargesNothing() {
		PaymentAttempt expired = attemptWrittenAt(order, NOW.minus(KEY_WINDOW).minusSeconds(1));
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(expired);
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(expired));

		payments.authorize(order, new Delivery(MessagingNames.ORDERS_QUEUE, 1));

		verifyNoInteractions(gateway, outbox);
		assertThat(expired.getStatus()).isEqualTo(PaymentAttempt.Status.NEEDS_RECONCILIATION);
	}

	@Test
	void aDeliveryOfAnOrderAwaitingReconciliationIsAcknowledgedAndChargesNothing() {
		PaymentAttempt setAside = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		setAside.setAside(codec.encode(order.withoutPaymentToken()), NOW, KEY_WINDOW);
		given(attempts.insertIfAbsent(any(PaymentAttempt.class))).willReturn(setAside);

		payments.authorize(order, new Delivery(MessagingNames.ORDERS_QUEUE, 1));

		verifyNoInteractions(gateway, outbox);
		verify(attempts, never()).save(any(PaymentAttempt.class));
		assertThat(setAside.getStatus()).isEqualTo(PaymentAttempt.Status.NEEDS_RECONCILIATION);
	}

	@Test
	void anOrderTheCustomerAsksForAgainPastItsAttemptsKeyWindowIsSetAsideNotChargedAgain() {
		// A cleared high-value order: its verdict wrote the attempt, and the customer retries over HTTP a day later.
		PaymentAttempt expired = attemptWrittenAt(order, NOW.minus(KEY_WINDOW).minusSeconds(1));
		given(attempts.findById(order.orderId())).willReturn(Optional.of(expired));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(expired));

		assertThatExceptionOfType(ChargeAwaitsReconciliationException.class)
			.isThrownBy(() -> payments.authorizeNow(order));

		verifyNoInteractions(gateway, outbox);
		assertThat(expired.getStatus()).isEqualTo(PaymentAttempt.Status.NEEDS_RECONCILIATION);
	}

	@Test
	void anOrderTheCustomerAsksForAgainWhileItsChargeAwaitsReconciliationChargesNothing() {
		PaymentAttempt setAside = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		setAside.setAside(codec.encode(order.withoutPaymentToken()), NOW, KEY_WINDOW);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(setAside));

		assertThatExceptionOfType(ChargeAwaitsReconciliationException.class)
			.isThrownBy(() -> payments.authorizeNow(order));

		verifyNoInteractions(gateway, outbox);
	}

	@Test
	void anOrderTheCustomerAsksForAgainWithAPendingAttemptIsAskedWithThatAttemptsKey() {
		PaymentAttempt pending = new PaymentAttempt(order.orderId(), "alice", "the-attempts-key", order.total(),
				codec.encode(order), NOW.minusSeconds(60));
		given(attempts.findById(order.orderId())).willReturn(Optional.of(pending));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(pending));
		given(gateway.authorize("the-attempts-key", "tok_visa", order.total()))
			.willReturn(CompletableFuture.completedFuture(new Authorization.Approved(CHARGE)));
		given(repository.findByOrderId(order.orderId())).willAnswer(found -> Optional.of(Payment.authorized(
				order.orderId(), order.customerId(), order.total(), CHARGE, NOW)));

		assertThat(payments.authorizeNow(order).getGatewayReference()).isEqualTo(CHARGE);

		assertThat(pending.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
	}

	@Test
	void aSettlementRecordsWhatTheProviderSaysAsTheGatewaysAnswerWouldHaveBeen() {
		PaymentAttempt setAside = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		setAside.setAside(codec.encode(order.withoutPaymentToken()), NOW, KEY_WINDOW);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(setAside));
		given(repository.findByOrderId(order.orderId())).willAnswer(found -> Optional.of(Payment.authorized(
				order.orderId(), order.customerId(), order.total(), CHARGE, NOW)));
		given(gateway.madeCharge(CHARGE, Payments.chargeKey(order.orderId()), order.total()))
			.willReturn(CompletableFuture.completedFuture(true));

		payments.settle(order.orderId(), new Authorization.Approved(CHARGE));

		verify(gateway, never()).authorize(anyString(), anyString(), any(Money.class));
		verify(inbox).firstDelivery(Payments.CONSUMER, order.withoutPaymentToken());
		ArgumentCaptor<Payment> recorded = ArgumentCaptor.forClass(Payment.class);
		verify(repository).save(recorded.capture());
		assertThat(recorded.getValue().getGatewayReference()).isEqualTo(CHARGE);
		ArgumentCaptor<PaymentAuthorized> announced = ArgumentCaptor.forClass(PaymentAuthorized.class);
		verify(outbox).publish(eq(MessagingNames.ORDER_EVENTS_TOPIC), announced.capture());
		assertThat(announced.getValue().lines()).isEqualTo(order.lines());
		assertThat(setAside.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
		assertThat(setAside.orderToCharge()).isEmpty();
	}

	@Test
	void aSettlementWhoseChargeTheProviderDoesNotConfirmRecordsNothing() {
		PaymentAttempt setAside = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		setAside.setAside(codec.encode(order.withoutPaymentToken()), NOW, KEY_WINDOW);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(gateway.madeCharge("ch_made_up", Payments.chargeKey(order.orderId()), order.total()))
			.willReturn(CompletableFuture.completedFuture(false));

		assertThatExceptionOfType(ChargeNotConfirmedException.class)
			.isThrownBy(() -> payments.settle(order.orderId(), new Authorization.Approved("ch_made_up")));

		verify(repository, never()).save(any(Payment.class));
		verifyNoInteractions(inbox, outbox);
		assertThat(setAside.getStatus()).isEqualTo(PaymentAttempt.Status.NEEDS_RECONCILIATION);
	}

	@Test
	void aSettlementThatNoChargeWasMadeAsksTheProviderNothing() {
		PaymentAttempt setAside = attemptWrittenAt(order, NOW.minus(KEY_WINDOW));
		setAside.setAside(codec.encode(order.withoutPaymentToken()), NOW, KEY_WINDOW);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(setAside));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(setAside));
		given(repository.findByOrderId(order.orderId())).willAnswer(found -> Optional.of(Payment.declined(
				order.orderId(), order.customerId(), order.total(), Settlement.NOT_CHARGED, NOW)));

		payments.settle(order.orderId(), new Authorization.Declined(Settlement.NOT_CHARGED));

		verifyNoInteractions(gateway);
		assertThat(setAside.getStatus()).isEqualTo(PaymentAttempt.Status.DECLINED);
	}

	@Test
	void onlyAnAttemptSetAsideCanBeSettled() {
		given(attempts.findById(order.orderId())).willReturn(Optional.of(attemptFor(order)));

		assertThatExceptionOfType(NotAwaitingReconciliationException.class)
			.isThrownBy(() -> payments.settle(order.orderId(), new Authorization.Declined(Settlement.NOT_CHARGED)));
		assertThatExceptionOfType(PaymentAttemptNotFoundException.class)
			.isThrownBy(() -> payments.settle(UUID.randomUUID(), new Authorization.Declined(Settlement.NOT_CHARGED)));
		verifyNoInteractions(gateway, outbox);
	}

	@Test
	void anOrderTheCustomerAsksForAgainWhoseAttemptWasAnsweredMeanwhileIsAnsweredWithItsPayment() {
		// Read pending past its window; by the time it is locked to be set aside, a delivery has recorded it.
		PaymentAttempt expired = attemptWrittenAt(order, NOW.minus(KEY_WINDOW).minusSeconds(1));
		PaymentAttempt answered = attemptWrittenAt(order, NOW.minus(KEY_WINDOW).minusSeconds(1));
		answered.answered(new Authorization.Approved(CHARGE), NOW);
		given(attempts.findById(order.orderId())).willReturn(Optional.of(expired), Optional.of(answered));
		given(attempts.findLockedById(order.orderId())).willReturn(Optional.of(answered));
		given(repository.findByOrderId(order.orderId())).willAnswer(found -> Optional.of(Payment.authorized(
				order.orderId(), order.customerId(), order.total(), CHARGE, NOW)));

		assertThat(payments.authorizeNow(order).getGatewayReference()).isEqualTo(CHARGE);

		verifyNoInteractions(gateway, outbox);
	}

	private PaymentAttempt attemptFor(OrderPlaced placed) {
		return attemptWrittenAt(placed, NOW);
	}

	private PaymentAttempt attemptWrittenAt(OrderPlaced placed, Instant written) {
		return new PaymentAttempt(placed.orderId(), placed.customerId(), Payments.chargeKey(placed.orderId()),
				placed.total(), codec.encode(placed), written);
	}
}
