package io.securecart.payment.charge;


import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.payment.gateway.Authorization;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.GatewaySettings;
import io.securecart.payment.gateway.RefundRefusedException;
import io.securecart.payment.gateway.SimulatedPaymentGateway;
import io.securecart.platform.audit.AuditEvent;
import io.securecart.platform.audit.AuditOutcome;
import io.securecart.platform.audit.AuditTrail;
import io.securecart.platform.messaging.AwsRequestCounter;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.ListenerPauses;
import io.securecart.provisioner.Topology;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * payment-service against real PostgreSQL and the emulated SQS/SNS topology: orders arrive on {@code orders.fifo},
 * compensations on {@code payment-order-events}, and what the service announces is read back from
 * {@code checkout-order-events}, the queue that receives every payment event through the topic.
 */
@PaymentIntegrationTest
class PaymentsIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static TestMessaging messaging;

	private static OrderEventsOnTheWire published;

	@Autowired
	private PaymentRepository paymentRepository;

	@Autowired
	private Payments payments;

	@Autowired
	private Refunds refunds;

	@Autowired
	private PaymentAttemptRepository attempts;

	@Autowired
	private SimulatedPaymentGateway gateway;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Autowired
	private RetryRegistry retries;

	@Autowired
	private MessageListenerContainerRegistry listeners;

	@Autowired
	private ListenerPauses pauses;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Clock clock;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private AuditTrail audit;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
		published = new OrderEventsOnTheWire(TestInfrastructure.shared(), MessagingNames.CHECKOUT_QUEUE);
	}

	@AfterAll
	static void disconnect() {
		published.close();
		messaging.close();
	}

	@BeforeEach
	void startWithAHealthyGateway() {
		healthyGatewayAndClosedCircuit();
	}

	@AfterEach
	void leaveAHealthyGateway() {
		healthyGatewayAndClosedCircuit();
	}

	private void healthyGatewayAndClosedCircuit() {
		gateway.apply(GatewaySettings.healthy());
		circuitBreaker().reset();
		await().atMost(PATIENCE)
			.until(() -> GatewayListenerPause.NEED_THE_GATEWAY.stream()
				.allMatch(id -> listeners.getContainerById(id).isRunning()));
	}

	@Test
	void authorizesAnOrderAndAnnouncesItWithTheOrdersLines() {
		OrderPlaced order = order("tok_visa");

		placeOnOrdersQueue(order, order.orderId().toString());

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("AUTHORIZED"));
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		assertThat(payment.getAmount()).isEqualTo(order.total());
		assertThat(payment.getCustomerId()).isEqualTo(order.customerId());
		assertThat(payment.getGatewayReference()).startsWith("ch_");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class))
				.singleElement()
				.satisfies(authorized -> {
					assertThat(authorized.paymentId()).isEqualTo(payment.getId());
					assertThat(authorized.customerId()).isEqualTo(order.customerId());
					assertThat(authorized.amount()).isEqualTo(order.total());
					assertThat(authorized.lines()).isEqualTo(order.lines());
				}));
	}

	@Test
	void declinesAnOrderTheGatewayDeclinesAndSaysWhy() {
		OrderPlaced order = order("tok_declined");

		placeOnOrdersQueue(order, order.orderId().toString());

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("DECLINED"));
		assertThat(paymentRepository.findByOrderId(order.orderId()).orElseThrow().getDeclineReason())
			.isEqualTo("card_declined");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentDeclined.class)).singleElement()
				.extracting(PaymentDeclined::reason)
				.isEqualTo("card_declined"));
		assertThat(published.about(order.orderId(), PaymentAuthorized.class)).isEmpty();
	}

	@Test
	void authorizesAFlakyCardByRetryingTheGatewayWithinOneDelivery() {
		long retriedBefore = retries.retry(GatewayClient.PAYMENT_GATEWAY)
			.getMetrics()
			.getNumberOfSuccessfulCallsWithRetryAttempt();
		OrderPlaced order = order("tok_flaky");

		placeOnOrdersQueue(order, order.orderId().toString());

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("AUTHORIZED"));
		assertThat(retries.retry(GatewayClient.PAYMENT_GATEWAY)
			.getMetrics()
			.getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(retriedBefore + 1);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class)).hasSize(1));
	}

	@Test
	void refundsAPaidOrderWhoseStockWasRejected() {
		OrderPlaced order = authorizedOrder();
		StockRejected rejected = stockRejected(order);

		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("REFUNDED"));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).singleElement()
				.satisfies(refunded -> {
					assertThat(refunded.reason()).isEqualTo("out of stock: SC-LAPTOP-005, SC-POSTER-006");
					assertThat(refunded.amount()).isEqualTo(order.total());
					assertThat(refunded.paymentId())
						.isEqualTo(paymentRepository.findByOrderId(order.orderId()).orElseThrow().getId());
				}));
	}

	@Test
	void refundsAPaymentCheckoutRejectedBecauseItsAmountIsNotTheOrdersTotalOnceWhenDeliveredTwice() {
		OrderPlaced order = authorizedOrder();
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		PaymentRejected rejected = new PaymentRejected(UUID.randomUUID(), order.orderId(), order.customerId(),
				payment.getId(), order.total(), Money.of("999.99"), clock.instant());

		// On the topic, as checkout publishes it (ADR 44): payment-order-events' filter lets it through.
		messaging.publish(rejected);
		messaging.publish(rejected);

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("REFUNDED"));
		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).singleElement()
				.satisfies(refunded -> {
					assertThat(refunded.reason()).contains("is not the order's total");
					assertThat(refunded.amount()).isEqualTo(order.total());
					assertThat(refunded.paymentId()).isEqualTo(payment.getId());
				}));
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
	}

	@Test
	void stillRefundsARejectionSentToOrdersFifoBeforeCheckoutPublishedItOnTheTopic() {
		OrderPlaced order = authorizedOrder();
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		PaymentRejected rejected = new PaymentRejected(UUID.randomUUID(), order.orderId(), order.customerId(),
				payment.getId(), order.total(), Money.of("999.99"), clock.instant());

		messaging.sendRaw(MessagingNames.ORDERS_QUEUE, rejected.eventType(), codec.encode(rejected),
				order.customerId(), rejected.eventId().toString());

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("REFUNDED"));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).hasSize(1));
	}

	@Test
	void refundsNothingForAnOrderThatHasNoPayment() {
		OrderPlaced neverPaid = order("tok_visa");

		messaging.send(MessagingNames.PAYMENT_QUEUE, stockRejected(neverPaid));

		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		assertThat(paymentRepository.findByOrderId(neverPaid.orderId())).isEmpty();
		assertThat(eventsInOutbox(neverPaid)).isEmpty();
	}

	@Test
	void appliesAnOrderDeliveredTwiceOnce() {
		OrderPlaced order = order("tok_visa");

		// Two deduplication ids, so that FIFO deduplication does not hide the second delivery.
		placeOnOrdersQueue(order, order.orderId().toString());
		placeOnOrdersQueue(order, order.orderId() + "-redelivered");

		awaitConsumed(MessagingNames.ORDERS_QUEUE);
		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
		await().atMost(PATIENCE).until(() -> allPublished(order));
		assertThat(published.about(order.orderId())).singleElement().isInstanceOf(PaymentAuthorized.class);
	}

	/**
	 * One customer's orders are one FIFO message group: paid in the order they were placed, and their messages deleted
	 * in batches (platform's FifoListenerComponents), not with a request each.
	 */
	@Test
	void paysOneCustomersOrdersInTheOrderTheyWerePlacedAndDeletesTheirMessagesInBatches() {
		String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
		List<OrderPlaced> orders = IntStream.range(0, 6).mapToObj(i -> orderOf(customer, "tok_visa")).toList();
		double deletesBefore = deleteRequests();

		orders.forEach(order -> placeOnOrdersQueue(order, order.orderId().toString()));

		await().atMost(PATIENCE).until(() -> orders.stream().allMatch(order -> statusOf(order).equals("AUTHORIZED")));
		awaitConsumed(MessagingNames.ORDERS_QUEUE);
		assertThat(jdbc.sql("select order_id from payment where customer_id = :customer order by created_at")
			.param("customer", customer)
			.query(UUID.class)
			.list()).as("paid in the order placed").containsExactlyElementsOf(orders.stream().map(OrderPlaced::orderId).toList());
		assertThat(deleteRequests() - deletesBefore).as("DeleteMessageBatch requests for %d messages", orders.size())
			.isLessThan(orders.size());
	}

	private double deleteRequests() {
		return meters.find(AwsRequestCounter.METRIC)
			.tag("service", "sqs")
			.tag("operation", "DeleteMessageBatch")
			.counters()
			.stream()
			.mapToDouble(counter -> counter.count())
			.sum();
	}

	@Test
	void appliesConcurrentDeliveriesOfAnOrderOnce() throws Exception {
		OrderPlaced order = order("tok_visa");

		runConcurrently(() -> payments.authorize(order), () -> payments.authorize(order));

		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
	}

	@Test
	void paysAnOrderOnceEvenWhenItIsAnnouncedTwiceConcurrently() throws Exception {
		OrderPlaced order = order("tok_visa");
		OrderPlaced sameOrderAgain = new OrderPlaced(UUID.randomUUID(), order.orderId(), order.customerId(),
				order.lines(), order.total(), order.paymentToken(), order.occurredAt());

		runConcurrently(() -> payments.authorize(order), () -> payments.authorize(sameOrderAgain));

		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
	}

	/**
	 * Many races, as the window is narrow: a twin insert of the attempt used to fail on the key's unique index, when it
	 * got there before the order id's (ci stop 58).
	 */
	@Test
	void writesOneAttemptWhenDeliveriesOfAnOrderRaceToWriteIt() throws Exception {
		for (int race = 0; race < 300; race++) {
			OrderPlaced order = order("tok_visa");

			runConcurrently(() -> attempts.insertIfAbsent(PendingAttempts.writtenAt(order, clock.instant())),
					() -> attempts.insertIfAbsent(PendingAttempts.writtenAt(order, clock.instant())));

			assertThat(jdbc.sql("select count(*) from payment_attempt where order_id = ?")
				.param(order.orderId())
				.query(Integer.class)
				.single()).isOne();
		}
	}

	@Test
	void refundsOnceWhenTheStockRejectionIsDeliveredTwice() {
		OrderPlaced order = authorizedOrder();
		StockRejected rejected = stockRejected(order);

		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);
		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);

		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		assertThat(statusOf(order)).isEqualTo("REFUNDED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
	}

	@Test
	void refundsOnceAPaidOrderWhoseFulfillmentFailedEvenWhenDeliveredTwice() {
		OrderPlaced order = authorizedOrder();
		FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), order.orderId(), order.customerId(),
				"Fulfillment.ItemDamaged", "found damaged while packing", Instant.now());

		messaging.send(MessagingNames.PAYMENT_QUEUE, failed);
		messaging.send(MessagingNames.PAYMENT_QUEUE, failed);

		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		assertThat(statusOf(order)).isEqualTo("REFUNDED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).singleElement()
				.satisfies(refunded -> {
					assertThat(refunded.reason()).isEqualTo("fulfillment failed: Fulfillment.ItemDamaged");
					assertThat(refunded.amount()).isEqualTo(order.total());
				}));
	}

	/**
	 * The gateway charged the order and recording its answer failed (here the database refuses this one order's
	 * payment, as a bug would on every delivery): the attempt written before the call stays pending, and the sweep asks
	 * again with its key, which returns the same charge, and records it as the delivery would have.
	 */
	@Test
	void aChargeWhoseRecordingFailedIsRecordedByTheSweep() {
		OrderPlaced order = order("tok_visa");
		String refusal = "test_refuses_" + order.orderId().toString().replace("-", "");
		jdbc.sql("alter table payment add constraint %s check (order_id <> '%s') not valid".formatted(refusal,
				order.orderId())).update();
		try {
			assertThatThrownBy(() -> payments.authorize(order)).isInstanceOf(DataIntegrityViolationException.class);
			assertThat(attemptStatusOf(order)).isEqualTo("PENDING");
			assertThat(paymentRepository.findByOrderId(order.orderId())).as("charged, and not recorded").isEmpty();
			assertThat(eventsInOutbox(order)).isEmpty();
		}
		finally {
			jdbc.sql("alter table payment drop constraint if exists " + refusal).update();
		}

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("AUTHORIZED"));
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		assertThat(attemptStatusOf(order)).isEqualTo("AUTHORIZED");
		assertThat(jdbc.sql("select order_to_charge from payment_attempt where order_id = :orderId")
			.param("orderId", order.orderId())
			.query(String.class)
			.optional()).as("the token is forgotten").isEmpty();
		// The key the sweep asked with is the charge's: asked again, the gateway answers with the same charge.
		assertThat(gateway.authorize(Payments.chargeKey(order.orderId()), "tok_visa", order.total()))
			.isEqualTo(new Authorization.Approved(payment.getGatewayReference()));
		assertThat(jdbc.sql("select count(*) from inbox_message where event_id = :eventId and consumer = :consumer")
			.param("eventId", order.eventId())
			.param("consumer", Payments.CONSUMER)
			.query(Long.class)
			.single()).as("the order's own event is applied").isEqualTo(1);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class))
				.singleElement()
				.satisfies(authorized -> {
					assertThat(authorized.paymentId()).isEqualTo(payment.getId());
					assertThat(authorized.lines()).isEqualTo(order.lines());
				}));

		// Its message, redriven from the dead-letter queue, finds the order paid.
		placeOnOrdersQueue(order, order.orderId() + "-redriven");
		awaitConsumed(MessagingNames.ORDERS_QUEUE);
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
	}

	/**
	 * The open circuit refused an order's charge on the last receive orders.fifo allows (its redrive policy, read from
	 * the broker): the gateway was not asked and the attempt is pending, so the message is acknowledged instead of
	 * spending that receive and going to the dead-letter queue as a false alarm. The sweep charges it once the circuit
	 * closes, with its key, and the saga goes on. A receive earlier, the refusal fails and the message comes back.
	 */
	@Test
	void anOrderTheOpenCircuitRefusesOnItsLastReceiveIsChargedByTheSweepNotDeadLettered() {
		OrderPlaced order = order("tok_visa");
		int maxReceiveCount = Topology.declared()
			.queue(MessagingNames.ORDERS_QUEUE)
			.orElseThrow()
			.deadLetter()
			.maxReceiveCount();
		circuitBreaker().transitionToForcedOpenState();

		assertThatThrownBy(() -> payments.authorize(order, new Delivery(MessagingNames.ORDERS_QUEUE,
				maxReceiveCount - 1))).isInstanceOf(CallNotPermittedException.class);
		payments.authorize(order, new Delivery(MessagingNames.ORDERS_QUEUE, maxReceiveCount));

		assertThat(attemptStatusOf(order)).as("written before the refusal: the sweep's").isEqualTo("PENDING");
		assertThat(statusOf(order)).isEqualTo("NONE");

		circuitBreaker().reset();

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("AUTHORIZED"));
		assertThat(attemptStatusOf(order)).isEqualTo("AUTHORIZED");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class))
				.singleElement()
				.satisfies(authorized -> assertThat(authorized.lines()).isEqualTo(order.lines())));
	}

	/**
	 * An attempt pending longer than the provider keeps its key (written 24 hours ago here; the key window is 23 h):
	 * asked again, the provider would charge the card a second time. The sweep sets it aside without asking, keeping
	 * the order without its token; a late delivery of the order charges nothing and is acknowledged; operators see it
	 * in the deferred-work backlog; and an admin settles it with what the provider says, so the saga goes on.
	 */
	/**
	 * The same through the real listener and orders.fifo: the receive count is the {@code ApproximateReceiveCount}
	 * SQS sends with the message, read by the listener's header. Misnamed, it would read 0, never the last receive,
	 * and the order would go to the dead-letter queue. The listener is left running with the circuit open, as when
	 * messages are in hand as it opens, so that every receive is refused until the last, which is acknowledged.
	 */
	@Test
	void anOrderTheListenerReceivesUntilItsLastReceiveWhileTheCircuitRefusesIsLeftToTheSweepNotDeadLettered() {
		OrderPlaced order = order("tok_visa");
		circuitBreaker().transitionToForcedOpenState();
		await().atMost(PATIENCE)
			.until(() -> pauses.isPausedBy(OrdersListener.ID, GatewayListenerPause.HOLDER)
					&& !listeners.getContainerById(OrdersListener.ID).isRunning());
		pauses.resume(OrdersListener.ID, GatewayListenerPause.HOLDER);

		placeOnOrdersQueue(order, order.orderId().toString());

		// Five receives, 1, 2, 4 and 8 s apart (the listeners' backoff); then acknowledged, or dead-lettered.
		await().atMost(Duration.ofSeconds(90)).until(() -> attemptStatusOf(order).equals("PENDING")
				&& messaging.approximateCount(MessagingNames.ORDERS_QUEUE) == 0);
		assertThat(deadLetteredOrders()).doesNotContain(order.orderId().toString());
		assertThat(statusOf(order)).as("the gateway was never asked").isEqualTo("NONE");

		circuitBreaker().reset();

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("AUTHORIZED"));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class))
				.singleElement()
				.satisfies(authorized -> assertThat(authorized.lines()).isEqualTo(order.lines())));
		assertThat(deadLetteredOrders()).doesNotContain(order.orderId().toString());
	}

	/**
	 * A compensation the open circuit refused on every receive payment-order-events allows, through the real listener
	 * (left running with the circuit open, as when messages are in hand as it opens): the refund was written down on
	 * its first receive, so its last is acknowledged instead of going to the dead-letter queue with the customer's
	 * money still taken. The sweep refunds it once the circuit closes, with the refund's key, and records it as the
	 * delivery would have: the compensation's own event in the inbox, one {@code PaymentRefunded}.
	 */
	@Test
	void aRefundTheOpenCircuitRefusesUntilItsLastReceiveIsMadeByTheSweepNotDeadLettered() {
		OrderPlaced order = authorizedOrder();
		StockRejected rejected = stockRejected(order);
		circuitBreaker().transitionToForcedOpenState();
		await().atMost(PATIENCE)
			.until(() -> pauses.isPausedBy(CompensationsListener.ID, GatewayListenerPause.HOLDER)
					&& !listeners.getContainerById(CompensationsListener.ID).isRunning());
		pauses.resume(CompensationsListener.ID, GatewayListenerPause.HOLDER);

		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);

		// Five receives, 1, 2, 4 and 8 s apart (the listeners' backoff); then acknowledged, or dead-lettered.
		await().atMost(Duration.ofSeconds(90)).until(() -> refundStatusOf(order).equals("PENDING")
				&& messaging.approximateCount(MessagingNames.PAYMENT_QUEUE) == 0);
		assertThat(deadLetteredCompensations()).noneMatch(body -> body.contains(rejected.eventId().toString()));
		assertThat(statusOf(order)).as("the gateway was never asked").isEqualTo("AUTHORIZED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(meters.get("securecart.deferred.work.pending")
				.tag("work", "pending-refund-attempts")
				.gauge()
				.value()).isGreaterThanOrEqualTo(1));

		circuitBreaker().reset();

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("REFUNDED"));
		assertThat(refundStatusOf(order)).isEqualTo("REFUNDED");
		assertThat(appliedOnce(rejected.eventId())).as("the compensation's own event is applied").isTrue();
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).singleElement()
				.satisfies(refunded -> {
					assertThat(refunded.reason()).isEqualTo("out of stock: SC-LAPTOP-005, SC-POSTER-006");
					assertThat(refunded.amount()).isEqualTo(order.total());
				}));
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
		assertThat(deadLetteredCompensations()).noneMatch(body -> body.contains(rejected.eventId().toString()));
	}

	/**
	 * The gateway refunded the order and recording it failed (here the database refuses this one payment's refund, as
	 * a bug would on every delivery): the refund written before the call stays pending, and the sweep asks again with
	 * its key, which returns the same refund and gives back nothing more, and records it as the delivery would have.
	 */
	@Test
	void aRefundWhoseRecordingFailedIsRecordedByTheSweep() {
		OrderPlaced order = authorizedOrder();
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), order.orderId(), order.customerId(),
				"Fulfillment.ItemDamaged", "found damaged while packing", clock.instant());
		String refusal = "test_refuses_" + order.orderId().toString().replace("-", "");
		jdbc.sql("alter table payment add constraint %s check (order_id <> '%s' or status <> 'REFUNDED') not valid"
			.formatted(refusal, order.orderId())).update();
		try {
			assertThatThrownBy(() -> refunds.refund(failed, Delivery.none(MessagingNames.PAYMENT_QUEUE)))
				.isInstanceOf(DataIntegrityViolationException.class);
			assertThat(refundStatusOf(order)).isEqualTo("PENDING");
			assertThat(statusOf(order)).as("refunded, and not recorded").isEqualTo("AUTHORIZED");
		}
		finally {
			jdbc.sql("alter table payment drop constraint if exists " + refusal).update();
		}

		await().atMost(PATIENCE).until(() -> statusOf(order).equals("REFUNDED"));
		assertThat(refundStatusOf(order)).isEqualTo("REFUNDED");
		// The key the sweep asked with is the refund's: asked again, the gateway answers with the same refund.
		String refund = gateway.refund(Refunds.refundKey(order.orderId()), payment.getGatewayReference(),
				order.total()).refundReference();
		assertThat(gateway.refund(Refunds.refundKey(order.orderId()), payment.getGatewayReference(), order.total())
			.refundReference()).isEqualTo(refund);
		assertThat(appliedOnce(failed.eventId())).as("the compensation's own event is applied").isTrue();
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).singleElement()
				.satisfies(refunded -> {
					assertThat(refunded.reason()).isEqualTo("fulfillment failed: Fulfillment.ItemDamaged");
					assertThat(refunded.paymentId()).isEqualTo(payment.getId());
				}));

		// Its message, redriven from the dead-letter queue, finds the order refunded.
		messaging.send(MessagingNames.PAYMENT_QUEUE, failed);
		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
	}

	@Test
	void anAttemptPendingLongerThanTheProviderKeepsItsKeyIsSetAsideNotChargedAgainAndSettledByAPerson() {
		OrderPlaced order = order("tok_visa");
		attempts.insertIfAbsent(PendingAttempts.writtenAt(order, clock.instant().minus(Duration.ofHours(24))));
		// The first call charged the card, a day ago, and its answer was never recorded.
		String charged = ((Authorization.Approved) gateway.authorize(Payments.chargeKey(order.orderId()),
				order.paymentToken(), order.total())).chargeReference();

		await().atMost(PATIENCE).until(() -> attemptStatusOf(order).equals("NEEDS_RECONCILIATION"));
		String kept = jdbc.sql("select order_to_charge from payment_attempt where order_id = :orderId")
			.param("orderId", order.orderId())
			.query(String.class)
			.single();
		assertThat(codec.decode("OrderPlaced", kept)).isEqualTo(order.withoutPaymentToken());
		assertThat(kept).doesNotContain(order.paymentToken());
		assertThat(statusOf(order)).as("the gateway was not asked again").isEqualTo("NONE");

		// A late delivery (a redrive, checkout's outbox sending again) is acknowledged and charges nothing.
		placeOnOrdersQueue(order, order.orderId() + "-late");
		awaitConsumed(MessagingNames.ORDERS_QUEUE);
		assertThat(statusOf(order)).isEqualTo("NONE");
		assertThat(eventsInOutbox(order)).isEmpty();
		assertThat(attemptStatusOf(order)).isEqualTo("NEEDS_RECONCILIATION");
		assertThat(deadLetteredOrders()).doesNotContain(order.orderId().toString());
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(meters.get("securecart.deferred.work.pending")
				.tag("work", "unreconciled-payment-attempts")
				.gauge()
				.value()).isGreaterThanOrEqualTo(1));
		var listed = awaitingReconciliation();
		assertThat(listed).hasStatusOk();
		assertThat(listed).bodyJson()
			.extractingPath("$[?(@.orderId == '%s')]".formatted(order.orderId()))
			.asArray()
			.singleElement()
			.satisfies(attempt -> assertThat(attempt.toString()).contains(Payments.chargeKey(order.orderId()),
					"88.98", "USD", order.customerId()));
		assertThat(listed).bodyText().doesNotContain(order.paymentToken());

		// A reference the provider did not make with this order's key and amount is refused, and nothing recorded.
		assertThat(settle(order, "ch_found_at_the_provider")).hasStatus(422);
		assertThat(statusOf(order)).isEqualTo("NONE");
		assertThat(audit.recent("payment.attempt.settle", "order:" + order.orderId(), 1)).singleElement()
			.satisfies(entry -> assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE));

		var settled = settle(order, charged);

		assertThat(settled).hasStatusOk();
		assertThat(settled).bodyJson().extractingPath("$.status").isEqualTo("AUTHORIZED");
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		assertThat(payment.getGatewayReference()).isEqualTo(charged);
		assertThat(attemptStatusOf(order)).isEqualTo("AUTHORIZED");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class))
				.singleElement()
				.satisfies(authorized -> assertThat(authorized.lines()).isEqualTo(order.lines())));
		assertThat(audit.recent("payment.attempt.settle", "order:" + order.orderId(), 1)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).contains("chargeReference=" + charged);
			});
		assertThat(awaitingReconciliation()).bodyJson()
			.extractingPath("$[*].orderId")
			.asArray()
			.doesNotContain(order.orderId().toString());
	}

	/**
	 * The provider gave the whole charge back under the order's refund key a day ago, and that refund was never
	 * recorded; it has since forgotten the key. Asked again, it refuses for good (nothing left to give back): the
	 * compensation is acknowledged, not dead-lettered, its refund set aside, and a person settles it with the refund
	 * the provider shows, which the provider confirms.
	 */
	@Test
	void aRefundTheProviderRefusesForGoodIsSetAsideNotDeadLetteredAndSettledByAPerson() {
		OrderPlaced order = authorizedOrder();
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		String refundKey = Refunds.refundKey(order.orderId());
		String refunded = gateway.refund(refundKey, payment.getGatewayReference(), order.total()).refundReference();
		gateway.forgetKey(refundKey);
		StockRejected rejected = stockRejected(order);

		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);

		await().atMost(PATIENCE).until(() -> refundStatusOf(order).equals("NEEDS_RECONCILIATION"));
		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		assertThat(deadLetteredCompensations()).noneMatch(body -> body.contains(rejected.eventId().toString()));
		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
		// The sweep (every second here, after 3 s) asks no more for it: it reads pending refunds only.
		await().during(Duration.ofSeconds(5))
			.atMost(PATIENCE)
			.until(() -> refundStatusOf(order).equals("NEEDS_RECONCILIATION") && !refundTried(order));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(meters.get("securecart.deferred.work.pending")
				.tag("work", "unreconciled-refund-attempts")
				.gauge()
				.value()).isGreaterThanOrEqualTo(1));
		var listed = refundsAwaitingReconciliation();
		assertThat(listed).hasStatusOk();
		assertThat(listed).bodyJson()
			.extractingPath("$[?(@.orderId == '%s')]".formatted(order.orderId()))
			.asArray()
			.singleElement()
			.satisfies(refund -> assertThat(refund.toString()).contains(refundKey, payment.getGatewayReference(),
					"88.98", "USD", "cannot give back", "out of stock: SC-LAPTOP-005, SC-POSTER-006"));

		// A reference the provider did not make with this refund's key, charge and amount is refused.
		assertThat(settleRefund(order, "re_found_at_the_provider")).hasStatus(422);
		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");
		assertThat(audit.recent("payment.refund.settle", "order:" + order.orderId(), 1)).singleElement()
			.satisfies(entry -> assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE));

		var settled = settleRefund(order, refunded);

		assertThat(settled).hasStatusOk();
		assertThat(settled).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
		assertRefundedOnce(order, payment, rejected);
		assertThat(audit.recent("payment.refund.settle", "order:" + order.orderId(), 1)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).contains("refundReference=" + refunded);
			});
		assertThat(settleRefund(order, refunded)).as("settled once").hasStatus(409);
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
		assertThat(refundsAwaitingReconciliation()).bodyJson()
			.extractingPath("$[*].orderId")
			.asArray()
			.doesNotContain(order.orderId().toString());
	}

	/**
	 * A person gave the charge back by hand at the provider (under a key of its dashboard's, not ours), and the
	 * compensation came after: its refund is refused for good (nothing left to give back) and set aside. Asked for
	 * again under a new key, the provider refuses it again, since it never gives back more than the charge had: set
	 * aside again, with the new refusal, not lost. Settled with the refund made by hand, which the provider confirms
	 * for this charge and amount whatever its key, it is recorded once; one it does not confirm is 422.
	 */
	@Test
	void aRefundMadeByHandIsRefusedAgainWhenRetriedAndSettledAsMadeUnderAnotherKey() {
		OrderPlaced order = authorizedOrder();
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		String byHand = gateway.refund("dashboard-" + order.orderId(), payment.getGatewayReference(), order.total())
			.refundReference();
		StockRejected rejected = stockRejected(order);
		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);
		await().atMost(PATIENCE).until(() -> refundStatusOf(order).equals("NEEDS_RECONCILIATION"));
		awaitConsumed(MessagingNames.PAYMENT_QUEUE);

		var retried = retryRefund(order);

		assertThat(retried).hasStatusOk();
		assertThat(retried).bodyJson().extractingPath("$.status").isEqualTo("NEEDS_RECONCILIATION");
		assertThat(retried).bodyJson()
			.extractingPath("$.idempotencyKey")
			.isEqualTo(Refunds.refundKey(order.orderId(), 1));
		assertThat(retried).bodyJson().extractingPath("$.refusal").asString().contains("cannot give back");
		assertThat(refundStatusOf(order)).isEqualTo("NEEDS_RECONCILIATION");
		assertThat(statusOf(order)).as("given back once, by hand").isEqualTo("AUTHORIZED");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
		assertThat(audit.recent("payment.refund.retry", "order:" + order.orderId(), 1)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).contains("status=NEEDS_RECONCILIATION",
						Refunds.refundKey(order.orderId(), 1));
			});
		assertThat(refundsAwaitingReconciliation()).bodyJson()
			.extractingPath("$[?(@.orderId == '%s')].retries".formatted(order.orderId()))
			.asArray()
			.containsExactly(1);

		// Not under the row's key; nor a refund by hand of another charge.
		assertThat(settleRefund(order, byHand, false)).hasStatus(422);
		assertThat(settleRefund(order, refundByHandOfAnotherCharge(order.total()), true)).hasStatus(422);
		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");

		var settled = settleRefund(order, byHand, true);

		assertThat(settled).hasStatusOk();
		assertThat(settled).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
		assertRefundedOnce(order, payment, rejected);
		assertThat(audit.recent("payment.refund.settle", "order:" + order.orderId(), 1)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).contains("refundReference=" + byHand, "underAnotherKey=true");
			});
		assertThat(retryRefund(order)).as("settled: nothing to ask again").hasStatus(409);
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
	}

	/**
	 * The order's refund key was used before for another call (our bug): the provider refuses it as reused, for good,
	 * and it is set aside. Two people retry it at once: they take turns on the row's lock; the first moves it back to
	 * pending under the key of retry 1 and the provider refunds it, the second finds it no longer set aside (409). One
	 * new key, one refund, one {@code PaymentRefunded}; a third key would find nothing left to give back.
	 */
	@Test
	void aRefundWhoseKeyWasReusedIsRefundedOnceWhenTwoPeopleRetryItAtOnce() throws Exception {
		OrderPlaced order = authorizedOrder();
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		gateway.authorize(Refunds.refundKey(order.orderId()), "tok_visa", Money.of("1.00"));
		StockRejected rejected = stockRejected(order);
		messaging.send(MessagingNames.PAYMENT_QUEUE, rejected);
		await().atMost(PATIENCE).until(() -> refundStatusOf(order).equals("NEEDS_RECONCILIATION"));
		awaitConsumed(MessagingNames.PAYMENT_QUEUE);
		assertThat(deadLetteredCompensations()).noneMatch(body -> body.contains(rejected.eventId().toString()));

		List<Integer> answers = new CopyOnWriteArrayList<>();
		runConcurrently(() -> answers.add(retryRefund(order).getResponse().getStatus()),
				() -> answers.add(retryRefund(order).getResponse().getStatus()));

		assertThat(answers).containsExactlyInAnyOrder(200, 409);
		assertRefundedOnce(order, payment, rejected);
		assertThat(jdbc.sql("select idempotency_key from refund_attempt where order_id = :orderId")
			.param("orderId", order.orderId())
			.query(String.class)
			.single()).isEqualTo("refund:" + order.orderId() + ":1");
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized", "PaymentRefunded");
		assertThatThrownBy(() -> gateway.refund(Refunds.refundKey(order.orderId(), 2), payment.getGatewayReference(),
				order.total())).as("given back once").isInstanceOf(RefundRefusedException.class);
	}

	/**
	 * The payment's refund is recorded as its compensation's delivery would have recorded it: the payment and its refund
	 * refunded, the compensation's own event applied, and one {@code PaymentRefunded} of the whole payment, with the
	 * compensation's reason.
	 */
	private void assertRefundedOnce(OrderPlaced order, Payment payment, StockRejected compensation) {
		assertThat(statusOf(order)).isEqualTo("REFUNDED");
		assertThat(refundStatusOf(order)).isEqualTo("REFUNDED");
		assertThat(appliedOnce(compensation.eventId())).as("the compensation's own event is applied").isTrue();
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentRefunded.class)).singleElement()
				.satisfies(refund -> {
					assertThat(refund.reason()).isEqualTo("out of stock: SC-LAPTOP-005, SC-POSTER-006");
					assertThat(refund.amount()).isEqualTo(payment.getAmount());
					assertThat(refund.paymentId()).isEqualTo(payment.getId());
				}));
	}

	/** A refund a person made by hand at the provider, of a charge of another order. */
	private String refundByHandOfAnotherCharge(Money amount) {
		String otherOrder = UUID.randomUUID().toString();
		String charge = ((Authorization.Approved) gateway.authorize(otherOrder, "tok_visa", amount)).chargeReference();
		return gateway.refund("dashboard-" + otherOrder, charge, amount).refundReference();
	}

	private MvcTestResult retryRefund(OrderPlaced order) {
		return mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/refund-attempts/{orderId}/retry", order.orderId())
			.exchange();
	}

	private MvcTestResult refundsAwaitingReconciliation() {
		return mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/refund-attempts/awaiting-reconciliation")
			.exchange();
	}

	private MvcTestResult settleRefund(OrderPlaced order, String refundReference) {
		return settleRefund(order, refundReference, false);
	}

	private MvcTestResult settleRefund(OrderPlaced order, String refundReference, boolean underAnotherKey) {
		return mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/refund-attempts/{orderId}/settlement", order.orderId())
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"refunded": true, "refundReference": "%s", "underAnotherKey": %s}""".formatted(refundReference,
					underAnotherKey))
			.exchange();
	}

	/** Whether the sweep tried the order's refund and failed (it goes to the back of its line then). */
	private boolean refundTried(OrderPlaced order) {
		return jdbc.sql("select tried_at is not null from refund_attempt where order_id = :orderId")
			.param("orderId", order.orderId())
			.query(Boolean.class)
			.single();
	}

	private MvcTestResult awaitingReconciliation() {
		return mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/payment-attempts/awaiting-reconciliation")
			.exchange();
	}

	private MvcTestResult settle(OrderPlaced order, String chargeReference) {
		return mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/payment-attempts/{orderId}/settlement", order.orderId())
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"charged": true, "chargeReference": "%s"}""".formatted(chargeReference))
			.exchange();
	}

	@Test
	void aGatewayChangeIsRecordedInTheAuditTrailWithWhoAndWhat() {
		List<AuditEvent> before = audit.recent("payment.gateway.change", "gateway:simulated", 1);

		changeGateway("""
				{"transientFailureRate": 0.0}
				""");

		List<AuditEvent> after = audit.recent("payment.gateway.change", "gateway:simulated", 1);
		assertThat(after).isNotEqualTo(before).singleElement().satisfies(entry -> {
			assertThat(entry.actor()).isEqualTo("ops");
			assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
			assertThat(entry.detail()).contains("outage=false", "transientFailureRate=0.0");
		});
	}

	@Test
	void ordersWaitInTheirQueueWhileTheGatewayIsDownAndArePaidWhenItIsBack() {
		changeGateway("""
				{"outage": true}
				""");
		List<OrderPlaced> orders = IntStream.range(0, 4).mapToObj(i -> order("tok_visa")).toList();

		orders.forEach(order -> placeOnOrdersQueue(order, order.orderId().toString()));

		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(listeners.getContainerById(OrdersListener.ID).isRunning()).isFalse();
			var health = mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health").exchange();
			// Not an outage of payment-service: a load balancer that replaced it would not mend the gateway.
			assertThat(health).hasStatusOk();
			assertThat(health).bodyJson().extractingPath("$.status").isEqualTo("DEGRADED");
			assertThat(health).bodyJson()
				.extractingPath("$.components.paymentGateway.status")
				.isEqualTo("DEGRADED");
			assertThat(health).bodyJson()
				.extractingPath("$.components.paymentGateway.details.circuitBreaker")
				.isEqualTo("OPEN");
			assertThat(health).bodyJson()
				.extractingPath("$.components.paymentGateway.details.pausedListeners")
				.asArray()
				.contains(OrdersListener.ID);
			assertThat(health).bodyJson()
				.extractingPath("$.components.sqsListeners.details.listeners." + OrdersListener.ID)
				.asString()
				.startsWith("paused: payment-gateway: circuit");
		});
		assertThat(orders).allSatisfy(order -> {
			assertThat(paymentRepository.findByOrderId(order.orderId())).as("not declined, not decided at all").isEmpty();
			assertThat(eventsInOutbox(order)).isEmpty();
		});
		assertThat(deadLetteredOrders()).doesNotContainAnyElementsOf(ids(orders));

		gatewayBackAndEveryOrderPaid(orders);
		assertThat(circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(listeners.getContainerById(OrdersListener.ID).isRunning()).isTrue();
	}

	@Test
	void aGatewayDownThroughManyProbesSendsNoOrderToTheDeadLetterQueue() {
		AtomicInteger reopened = new AtomicInteger();
		circuitBreaker().getEventPublisher().onStateTransition(event -> {
			if (event.getStateTransition() == CircuitBreaker.StateTransition.HALF_OPEN_TO_OPEN) {
				reopened.incrementAndGet();
			}
		});
		changeGateway("""
				{"outage": true}
				""");
		List<OrderPlaced> orders = IntStream.range(0, 3).mapToObj(i -> order("tok_visa")).toList();

		orders.forEach(order -> placeOnOrdersQueue(order, order.orderId().toString()));

		// Ten probes that failed: had orders been the probes, each would have spent its 5 deliveries long before.
		await().atMost(Duration.ofSeconds(150))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> reopened.get() >= 10 || deadLetteredOrders().stream().anyMatch(ids(orders)::contains));
		assertThat(deadLetteredOrders()).doesNotContainAnyElementsOf(ids(orders));
		assertThat(orders).allSatisfy(order -> assertThat(paymentRepository.findByOrderId(order.orderId())).isEmpty());

		gatewayBackAndEveryOrderPaid(orders);
	}

	@Test
	void authorizesAnOrderAskedForOverHttpAndTheSagaContinuesOnTheTopic() {
		OrderPlaced order = order("tok_visa");

		var response = requestAuthorization(order);

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("AUTHORIZED");
		Payment payment = paymentRepository.findByOrderId(order.orderId()).orElseThrow();
		assertThat(response).bodyJson().extractingPath("$.id").isEqualTo(payment.getId().toString());
		assertThat(payment.getAmount()).isEqualTo(order.total());
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentAuthorized.class))
				.singleElement()
				.satisfies(authorized -> {
					assertThat(authorized.paymentId()).isEqualTo(payment.getId());
					assertThat(authorized.lines()).isEqualTo(order.lines());
				}));
	}

	@Test
	void anOrderAskedForTwiceOverHttpIsChargedOnceAndAnsweredWithTheSamePayment() {
		OrderPlaced order = order("tok_visa");

		var first = requestAuthorization(order);
		var again = requestAuthorization(order);

		assertThat(first).hasStatusOk();
		assertThat(again).hasStatusOk();
		String paymentId = paymentRepository.findByOrderId(order.orderId()).orElseThrow().getId().toString();
		assertThat(first).bodyJson().extractingPath("$.id").isEqualTo(paymentId);
		assertThat(again).bodyJson().extractingPath("$.id").isEqualTo(paymentId);
		assertThat(eventsInOutbox(order)).containsExactly("PaymentAuthorized");
	}

	@Test
	void declinesOverHttpAndAnnouncesTheDecline() {
		OrderPlaced order = order("tok_declined");

		var response = requestAuthorization(order);

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("DECLINED");
		assertThat(response).bodyJson().extractingPath("$.declineReason").isEqualTo("card_declined");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), PaymentDeclined.class)).hasSize(1));
	}

	@Test
	void anOrderAskedForOverHttpDuringAnOutageIs503AndRecordsNothing() {
		changeGateway("""
				{"outage": true}
				""");
		OrderPlaced order = order("tok_visa");

		var response = requestAuthorization(order);

		assertThat(response).hasStatus(503).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(paymentRepository.findByOrderId(order.orderId())).isEmpty();
		assertThat(eventsInOutbox(order)).isEmpty();
		assertThat(attemptStatusOf(order)).as("nothing for the sweep: the customer was told to ask again, or not")
			.isEqualTo("NONE");

		changeGateway("""
				{"outage": false}
				""");
		assertThat(requestAuthorization(order)).as("asked again once the gateway is back").hasStatusOk();
		assertThat(statusOf(order)).isEqualTo("AUTHORIZED");
	}

	@Test
	void isHealthyAndDocumentsItsApi() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.components.paymentGateway.status")
			.isEqualTo("UP");
		assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.paths")
			.asMap()
			.containsKeys("/api/payments", "/api/payments/authorizations", "/api/admin/gateway");
	}

	private OrderPlaced authorizedOrder() {
		OrderPlaced order = order("tok_visa");
		placeOnOrdersQueue(order, order.orderId().toString());
		await().atMost(PATIENCE).until(() -> statusOf(order).equals("AUTHORIZED"));
		return order;
	}

	private static OrderPlaced order(String paymentToken) {
		return orderOf(null, paymentToken);
	}

	/** An order of {@code customerId}, or of a customer of its own when null. */
	private static OrderPlaced orderOf(String customerId, String paymentToken) {
		UUID orderId = UUID.randomUUID();
		List<OrderLine> lines = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
				new OrderLine("SC-HOODIE-003", 1, Money.of("49.00")));
		return new OrderPlaced(UUID.randomUUID(), orderId,
				customerId != null ? customerId : "customer-" + orderId.toString().substring(0, 8), lines,
				Money.of("88.98"), paymentToken, Instant.now());
	}

	private static StockRejected stockRejected(OrderPlaced order) {
		return new StockRejected(UUID.randomUUID(), order.orderId(), order.customerId(),
				List.of("SC-LAPTOP-005", "SC-POSTER-006"), "out of stock", Instant.now());
	}

	/** As checkout sends it: one message group per customer, deduplicated by order. */
	private static void placeOnOrdersQueue(OrderPlaced order, String deduplicationId) {
		messaging.sendRaw(MessagingNames.ORDERS_QUEUE, order.eventType(), codec.encode(order), order.customerId(),
				deduplicationId);
	}

	private String attemptStatusOf(OrderPlaced order) {
		return jdbc.sql("select status from payment_attempt where order_id = :orderId")
			.param("orderId", order.orderId())
			.query(String.class)
			.optional()
			.orElse("NONE");
	}

	private String refundStatusOf(OrderPlaced order) {
		return jdbc.sql("select status from refund_attempt where order_id = :orderId")
			.param("orderId", order.orderId())
			.query(String.class)
			.optional()
			.orElse("NONE");
	}

	private boolean appliedOnce(UUID eventId) {
		return jdbc.sql("select count(*) from inbox_message where event_id = :eventId and consumer = :consumer")
			.param("eventId", eventId)
			.param("consumer", Payments.CONSUMER)
			.query(Long.class)
			.single() == 1;
	}

	private String statusOf(OrderPlaced order) {
		return paymentRepository.findByOrderId(order.orderId()).map(payment -> payment.getStatus().name()).orElse("NONE");
	}

	/** The events the service decided to publish about the order, oldest first. */
	private List<String> eventsInOutbox(OrderPlaced order) {
		return jdbc.sql("select event_type from outbox_message where payload like :orderId order by created_at")
			.param("orderId", "%\"orderId\":\"" + order.orderId() + "\"%")
			.query(String.class)
			.list();
	}

	private boolean allPublished(OrderPlaced order) {
		return jdbc
			.sql("select count(*) from outbox_message where payload like :orderId and published_at is null")
			.param("orderId", "%\"orderId\":\"" + order.orderId() + "\"%")
			.query(Long.class)
			.single() == 0;
	}

	/** Every message on the queue was processed and deleted (acknowledged). */
	private static void awaitConsumed(String queue) {
		await().atMost(PATIENCE).until(() -> messaging.approximateCount(queue) == 0);
	}

	private List<String> deadLetteredOrders() {
		String deadLetterQueue = Topology.declared()
			.queue(MessagingNames.ORDERS_QUEUE)
			.orElseThrow()
			.deadLetter()
			.name();
		return messaging.peek(deadLetterQueue)
			.stream()
			.map(message -> codec.decode("OrderPlaced", message.body()).orderId().toString())
			.toList();
	}

	/** The bodies of the compensations in payment-order-events' dead-letter queue. */
	private List<String> deadLetteredCompensations() {
		String deadLetterQueue = Topology.declared()
			.queue(MessagingNames.PAYMENT_QUEUE)
			.orElseThrow()
			.deadLetter()
			.name();
		return messaging.peek(deadLetterQueue).stream().map(message -> message.body()).toList();
	}

	private static List<String> ids(List<OrderPlaced> orders) {
		return orders.stream().map(order -> order.orderId().toString()).toList();
	}

	/** As checkout's coupled mode asks for it: the order's fields, flat, with its payment token. */
	private MvcTestResult requestAuthorization(OrderPlaced order) {
		String lines = order.lines()
			.stream()
			.map(line -> """
					{"sku": "%s", "quantity": %d, "unitPrice": %s}""".formatted(line.sku(), line.quantity(),
					line.unitPrice().amount().toPlainString()))
			.collect(Collectors.joining(", "));
		return mvc.post().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().service("checkout-service")).uri("/api/payments/authorizations").contentType(MediaType.APPLICATION_JSON).content("""
				{"orderId": "%s", "customerId": "%s", "lines": [%s], "total": %s, "currency": "%s",
				 "paymentToken": "%s"}
				""".formatted(order.orderId(), order.customerId(), lines, order.total().amount().toPlainString(),
				order.total().currency(), order.paymentToken()))
			.exchange();
	}

	/** The gateway answers again: every waiting order is paid, and none went to the dead-letter queue meanwhile. */
	private void gatewayBackAndEveryOrderPaid(List<OrderPlaced> orders) {
		changeGateway("""
				{"outage": false}
				""");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(orders).allSatisfy(
					order -> assertThat(statusOf(order)).isEqualTo("AUTHORIZED")));
		assertThat(deadLetteredOrders()).doesNotContainAnyElementsOf(ids(orders));
	}

	private void changeGateway(String body) {
		assertThat(mvc.put().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/admin/gateway").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatusOk();
	}

	private CircuitBreaker circuitBreaker() {
		return circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);
	}

	/** Starts both at the same moment, so that they race for the same order. */
	private static void runConcurrently(Runnable first, Runnable second) throws Exception {
		CyclicBarrier start = new CyclicBarrier(2);
		CompletableFuture<Void> one = CompletableFuture.runAsync(() -> awaitThen(start, first));
		CompletableFuture<Void> other = CompletableFuture.runAsync(() -> awaitThen(start, second));
		CompletableFuture.allOf(one, other).get();
	}

	private static void awaitThen(CyclicBarrier start, Runnable action) {
		try {
			start.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		action.run();
	}
}
