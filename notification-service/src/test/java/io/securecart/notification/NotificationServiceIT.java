package io.securecart.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.StockReserved;
import io.securecart.notification.customer.Notification;
import io.securecart.notification.customer.NotificationChannel;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The service on the wire: customer-facing events in through the topic and {@code notification-order-events}, one
 * notification each in PostgreSQL and through the channel. Failed deliveries back off by 1 s here (instead of up to
 * 60 s) so the dead-letter path runs in seconds, and a send waits 2 s for the channel (instead of 10 s); the same
 * context serves {@code BackInStockIT} and {@code NotificationClaimIT}.
 */
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"securecart.notification.resend-interval=1s", "securecart.notification.resend-batch=2",
		"securecart.notification.send-timeout=2s", "securecart.metrics.sample-interval=1s" })
@AutoConfigureMockMvc
class NotificationServiceIT {

	private static final String DEAD_LETTER_QUEUE = "notification-order-events-dlq";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static TestMessaging messaging;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Clock clock;

	@Autowired
	private MockMvcTester mvc;

	@MockitoSpyBean
	private NotificationChannel channel;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private PrometheusMeterRegistry prometheus;

	private final ChannelRefusals refusals = new ChannelRefusals();

	@BeforeEach
	void channelRefusesWhomTheTestSays() {
		refusals.answerOn(channel);
	}

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("customerFacingEvents")
	void tellsTheCustomerAboutEachCustomerFacingEventOnTheTopic(String eventType, String kind, OrderEvent event,
			String expectedMessage) {
		messaging.publish(event);

		await().atMost(TIMEOUT).until(() -> sentCount(event.orderId()) == 1);
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/notifications?orderId={orderId}", event.orderId())).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"orderId": "%s", "customerId": "%s", "kind": "%s", "message": "%s"}]
					""".formatted(event.orderId(), event.customerId(), kind, expectedMessage));
		verify(channel, times(1)).send(about(event));
	}

	static Stream<Arguments> customerFacingEvents() {
		UUID shippedOrder = UUID.randomUUID();
		UUID declinedOrder = UUID.randomUUID();
		UUID refundedOrder = UUID.randomUUID();
		UUID suspectedOrder = UUID.randomUUID();
		UUID failedOrder = UUID.randomUUID();
		return Stream.of(
				Arguments.of("FraudScreeningFailed", "ORDER_CANCELLED_NOT_CHARGED",
						new FraudScreeningFailed(UUID.randomUUID(), suspectedOrder, customer(), "rules",
								List.of("card reported stolen"), Instant.now()),
						"We could not confirm your order " + suspectedOrder
								+ ", so we have cancelled it. You have not been charged."),
				Arguments.of("OrderShipped", "ORDER_SHIPPED",
						new OrderShipped(UUID.randomUUID(), shippedOrder, customer(), UUID.randomUUID(),
								"SC00112233445566", List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))),
								Instant.now()),
						"Your order " + shippedOrder + " is on its way. Tracking number: SC00112233445566."),
				Arguments.of("PaymentDeclined", "PAYMENT_DECLINED",
						new PaymentDeclined(UUID.randomUUID(), declinedOrder, customer(), "insufficient funds",
								Instant.now()),
						"We could not take the payment for your order " + declinedOrder
								+ ", so we have cancelled it. You have not been charged."),
				Arguments.of("PaymentRefunded", "ORDER_CANCELLED_REFUNDED",
						new PaymentRefunded(UUID.randomUUID(), refundedOrder, customer(), UUID.randomUUID(),
								Money.of("39.98"), "OUT_OF_STOCK", Instant.now()),
						"Sorry, we could not fulfil your order " + refundedOrder
								+ " and have cancelled it. Your payment of 39.98 USD has been refunded."),
				Arguments.of("FulfillmentFailed", "ORDER_CANCELLED_REFUNDED",
						new FulfillmentFailed(UUID.randomUUID(), failedOrder, customer(), "Fulfillment.ItemDamaged",
								"damaged", Instant.now()),
						"Sorry, we could not fulfil your order " + failedOrder
								+ " and have cancelled it. Your payment will be refunded in full."));
	}

	@Test
	void aFailedFulfillmentAndItsRefundTellTheCustomerOnceEvenWhenRedelivered() {
		UUID orderId = UUID.randomUUID();
		String customer = customer();
		var failed = new FulfillmentFailed(UUID.randomUUID(), orderId, customer, "Fulfillment.ItemDamaged", "damaged",
				clock.instant());
		var refunded = new PaymentRefunded(UUID.randomUUID(), orderId, customer, UUID.randomUUID(), Money.of("39.98"),
				"fulfillment failed: Fulfillment.ItemDamaged", clock.instant());

		messaging.send(MessagingNames.NOTIFICATION_QUEUE, failed);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, failed);
		await().atMost(TIMEOUT).until(() -> sentCount(orderId) == 1);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, refunded);

		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(jdbc.sql("select count(*) from inbox_message where event_id = :id")
				.param("id", refunded.eventId())
				.query(Long.class)
				.single()).isOne();
			assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_QUEUE)).isZero();
		});
		assertThat(notificationCount(orderId)).isOne();
		verify(channel, times(1)).send(about(failed));
		verify(channel, times(0)).send(about(refunded));
	}

	@Test
	void aNotificationThatCannotBeSentIsRetriedAndMeasuredUntilItIsSent() {
		var declined = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customer(), "expired",
				Instant.parse("2026-12-05T12:00:00Z"));
		refusals.refuseUntilAccepted(declined.customerId());

		messaging.send(MessagingNames.NOTIFICATION_QUEUE, declined);

		await().atMost(TIMEOUT).untilAsserted(() -> verify(channel, atLeast(3)).send(about(declined)));
		assertThat(notificationCount(declined.orderId())).isOne();
		assertThat(sentCount(declined.orderId())).isZero();
		await("the unsent notification measured for the deferred-work alarm").atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(unsentNotifications("pending")).isGreaterThanOrEqualTo(1);
			assertThat(unsentNotifications("oldest.age")).isGreaterThan(0);
		});
		// The series the generated alerting rule selects (PrometheusRules.SERIES, deferredWork/*).
		assertThat(prometheus.scrape()).contains(
				"securecart_deferred_work_oldest_age_seconds{application=\"notification-service\",work=\"unsent-notifications\"}",
				"securecart_deferred_work_pending{application=\"notification-service\",work=\"unsent-notifications\"}");

		refusals.accept(declined.customerId());

		await().atMost(TIMEOUT).until(() -> sentCount(declined.orderId()) == 1);
		assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_QUEUE)).isZero();
		assertThat(messaging.peek(DEAD_LETTER_QUEUE))
			.noneSatisfy(message -> assertThat(message.body()).contains(declined.eventId().toString()));
	}

	@Test
	void notificationsTheChannelKeepsRefusingDoNotHoldUpANewerOne() {
		String refused = customer();
		refusals.refuseUntilAccepted(refused);
		// More than one sweep round takes (resend-batch=2 here), all refused for as long as the test runs.
		List<PaymentDeclined> refusedOnes = IntStream.range(0, 3)
			.mapToObj(i -> new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), refused, "expired",
					Instant.parse("2026-12-05T12:00:00Z")))
			.toList();
		refusedOnes.forEach(declined -> messaging.send(MessagingNames.NOTIFICATION_QUEUE, declined));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> refusedOnes.forEach(declined -> verify(channel, atLeast(1)).send(about(declined))));
		String later = customer();
		refusals.refuse(later, 1);
		var declinedLater = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), later, "expired",
				Instant.parse("2026-12-05T12:00:00Z"));

		messaging.send(MessagingNames.NOTIFICATION_QUEUE, declinedLater);

		try {
			await().atMost(TIMEOUT).until(() -> sentCount(declinedLater.orderId()) == 1);
			verify(channel, times(2)).send(about(declinedLater));
		}
		finally {
			refusals.accept(refused);
			await().atMost(TIMEOUT)
				.until(() -> refusedOnes.stream().allMatch(declined -> sentCount(declined.orderId()) == 1));
		}
	}

	@Test
	void aChannelThatHangsOnOneCustomerHoldsNoLockAndStopsNoOtherCustomersNotification() {
		String hungCustomer = customer();
		// Two, so that on a single sender thread the sweep hangs on the second while the sender hangs on the first.
		List<PaymentDeclined> hung = IntStream.range(0, 2)
			.mapToObj(i -> new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), hungCustomer, "expired",
					clock.instant()))
			.toList();
		var other = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customer(), "expired", clock.instant());
		refusals.hang(hungCustomer);
		try {
			hung.forEach(declined -> messaging.send(MessagingNames.NOTIFICATION_QUEUE, declined));
			await().atMost(TIMEOUT).until(() -> refusals.hanging(hungCustomer) >= 2);

			// Taken while the channel works on them: no transaction holds their rows. (A claim, or the save of an
			// attempt that passed send-timeout, holds one for milliseconds, hence the retry.)
			await("the hung notifications' rows locked by the test while the channel hangs").atMost(TIMEOUT)
				.ignoreExceptions()
				.untilAsserted(() -> transactions.executeWithoutResult(status -> {
					assertThat(jdbc.sql("select id from notification where customer_id = :customer for update nowait")
						.param("customer", hungCustomer)
						.query(UUID.class)
						.list()).hasSize(2);
					assertThat(refusals.hanging(hungCustomer)).as("calls hanging meanwhile").isPositive();
				}));
			messaging.send(MessagingNames.NOTIFICATION_QUEUE, other);

			await().atMost(TIMEOUT).until(() -> sentCount(other.orderId()) == 1);
			assertThat(refusals.hanging(hungCustomer)).as("calls hanging meanwhile").isPositive();
			assertThat(hung).allSatisfy(declined -> assertThat(sentCount(declined.orderId())).isZero());
			verify(channel, times(1)).send(about(other));
		}
		finally {
			refusals.release(hungCustomer);
		}
		await().atMost(TIMEOUT).until(() -> hung.stream().allMatch(declined -> sentCount(declined.orderId()) == 1));
	}

	@Test
	void aSendTheChannelDoesNotAnswerInTimeIsAFailedAttemptTriedAgain() {
		var declined = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customer(), "expired", clock.instant());
		refusals.hang(declined.customerId());
		try {
			messaging.send(MessagingNames.NOTIFICATION_QUEUE, declined);

			await("the attempt that passed send-timeout recorded as failed").atMost(TIMEOUT)
				.until(() -> lastFailedAttempt(declined).isPresent());
			Instant firstFailure = lastFailedAttempt(declined).orElseThrow();
			await("tried again by the sweep").atMost(TIMEOUT)
				.until(() -> lastFailedAttempt(declined).filter(attempt -> attempt.isAfter(firstFailure)).isPresent());
			// The channel ignores interrupts: its hung call still runs, and is not joined by another for the same one.
			verify(channel, times(1)).send(about(declined));
		}
		finally {
			refusals.release(declined.customerId());
		}
		await().atMost(TIMEOUT).until(() -> sentCount(declined.orderId()) == 1);
		// The hung call delivered once released, then the sweep's: at least once, as ADR 36 says.
		verify(channel, times(2)).send(about(declined));
		assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_QUEUE)).isZero();
	}

	/** When its last attempt failed, while it is unsent and unclaimed. */
	private Optional<Instant> lastFailedAttempt(PaymentDeclined declined) {
		return jdbc.sql("""
				select last_attempt_at from notification where order_id = :orderId and sent_at is null
				and last_attempt_at is not null and claimed_until is null""")
			.param("orderId", declined.orderId())
			.query(Instant.class)
			.optional();
	}

	@Test
	void theSameEventTwiceNotifiesOnce() {
		var declined = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customer(), "insufficient funds",
				clock.instant());

		messaging.send(MessagingNames.NOTIFICATION_QUEUE, declined);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, declined);

		// Both deliveries handled: both deleted from the queue, neither waiting for a retry.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(sentCount(declined.orderId())).isOne();
			assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_QUEUE)).isZero();
		});
		assertThat(notificationCount(declined.orderId())).isOne();
		verify(channel, times(1)).send(about(declined));
		assertThat(messaging.peek(DEAD_LETTER_QUEUE)).as("the redelivery was acknowledged, not failed")
			.noneSatisfy(message -> assertThat(message.body()).contains(declined.eventId().toString()));
	}

	@Test
	void anEventCustomersAreNotToldAboutIsNotAcknowledgedButEndsInTheDeadLetterQueue() {
		var reserved = new StockReserved(UUID.randomUUID(), UUID.randomUUID(), customer(),
				List.of(new OrderLine("SC-HOODIE-003", 1, Money.of("49.00"))), clock.instant());

		messaging.send(MessagingNames.NOTIFICATION_QUEUE, reserved);

		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(messaging.peek(DEAD_LETTER_QUEUE)).anySatisfy(message -> {
				assertThat(message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
					.isEqualTo("StockReserved");
				assertThat(codec.decode("StockReserved", message.body()).eventId()).isEqualTo(reserved.eventId());
			}));
		assertThat(notificationCount(reserved.orderId())).isZero();
		assertThat(jdbc.sql("select count(*) from inbox_message where event_id = :eventId")
			.param("eventId", reserved.eventId())
			.query(Long.class)
			.single()).as("an event that was not applied is not recorded as applied").isZero();
		verify(channel, never()).send(any());
	}

	@Test
	void listsACustomersNotificationsNewestFirst() {
		String customer = customer();
		var declined = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customer, "expired", clock.instant());
		var shipped = new OrderShipped(UUID.randomUUID(), UUID.randomUUID(), customer, UUID.randomUUID(),
				"SC99887766554433", List.of(new OrderLine("SC-STICKER-004", 3, Money.of("3.99"))), clock.instant());

		messaging.publish(declined);
		await().atMost(TIMEOUT).until(() -> notificationCount(declined.orderId()) == 1);
		messaging.publish(shipped);
		await().atMost(TIMEOUT).until(() -> notificationCount(shipped.orderId()) == 1);

		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/notifications?customerId={customerId}", customer)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"orderId": "%s", "kind": "ORDER_SHIPPED"}, {"orderId": "%s", "kind": "PAYMENT_DECLINED"}]
					""".formatted(shipped.orderId(), declined.orderId()));
	}

	@Test
	void isHealthyWhileItsListenerRuns() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status": "UP", "components": {"sqsListeners": {"status": "UP"}}}
					""");
	}

	@Test
	void documentsItsApi() {
		assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyJson().extractingPath("$.paths").asMap()
			.containsKey("/api/notifications");
		assertThat(mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
	}

	private static String customer() {
		return "customer-" + UUID.randomUUID();
	}

	private static Notification about(OrderEvent event) {
		return argThat(notification -> notification != null && notification.getEventId().equals(event.eventId()));
	}

	private double unsentNotifications(String gauge) {
		return meters.get("securecart.deferred.work." + gauge).tag("work", "unsent-notifications").gauge().value();
	}

	private long sentCount(UUID orderId) {
		return jdbc.sql("select count(*) from notification where order_id = :orderId and sent_at is not null")
			.param("orderId", orderId)
			.query(Long.class)
			.single();
	}

	private long notificationCount(UUID orderId) {
		return jdbc.sql("select count(*) from notification where order_id = :orderId")
			.param("orderId", orderId)
			.query(Long.class)
			.single();
	}
}
