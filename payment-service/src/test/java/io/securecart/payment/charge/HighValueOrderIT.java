package io.securecart.payment.charge;

import io.securecart.platform.audit.AuditOutcome;
import io.securecart.platform.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * High-value orders through payment-service against the emulator: the {@code high-value-orders} rule routes checkout's
 * bus copy to fraud screening, the verdict goes out on the topic and comes back on {@code payment-order-events}, and
 * no money is taken before a passing verdict, whichever arrives first.
 */
@PaymentIntegrationTest
class HighValueOrderIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** A verdict takes a round trip through the topic; an order held this long without one is held for good. */
	private static final Duration HELD = Duration.ofSeconds(3);

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static TestMessaging messaging;

	private static OrderEventsOnTheWire published;

	private static EventBridgeClient events;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private AuditTrail audit;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private PaymentAttemptRepository attempts;

	@Autowired
	private Clock clock;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
		published = new OrderEventsOnTheWire(TestInfrastructure.shared(), MessagingNames.CHECKOUT_QUEUE);
		events = TestInfrastructure.shared().eventBridgeClient();
	}

	@AfterAll
	static void disconnect() {
		published.close();
		messaging.close();
		events.close();
	}

	@Test
	void screensAnOrderTheRuleRoutesAndChargesItOnlyOnceItPassed() {
		OrderPlaced order = order("1299.00", "tok_visa");

		placeAsCheckoutDoes(order);

		await().atMost(PATIENCE).until(() -> paymentStatus(order).equals("AUTHORIZED"));
		assertThat(screeningStatus(order)).isEqualTo("PASSED");
		assertThat(published.about(order.orderId(), FraudScreeningPassed.class)).singleElement()
			.satisfies(passed -> assertThat(passed.reasons())
				.contains("the customer's first order above 1000.00 USD (+25)"));
		assertThat(heldOrderText(order)).as("the token is forgotten once paid").isNull();
	}

	@Test
	void aStolenCardFailsScreeningAndIsNeverCharged() {
		OrderPlaced order = order("1299.00", "tok_stolen");

		placeAsCheckoutDoes(order);

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), FraudScreeningFailed.class))
				.singleElement()
				.satisfies(failed -> assertThat(failed.reasons()).contains("card reported stolen (+100)")));
		await().during(HELD).atMost(HELD.plusSeconds(5))
			.until(() -> paymentStatus(order).equals("NONE") && heldOrderText(order) == null);
		assertThat(published.about(order.orderId(), PaymentAuthorized.class)).isEmpty();
	}

	@Test
	void holdsAnOrderWhoseVerdictComesLaterAndChargesItThen() {
		OrderPlaced order = order("1500.00", "tok_visa");

		placeOnOrdersQueue(order);
		await().atMost(PATIENCE).until(() -> heldOrderText(order) != null);
		await().during(HELD).atMost(HELD.plusSeconds(5)).until(() -> paymentStatus(order).equals("NONE"));
		assertThat(heldOrderText(order)).as("the hold keeps the token until the verdict").contains("tok_visa");

		messaging.publish(passed(order, "rules"));

		await().atMost(PATIENCE).until(() -> paymentStatus(order).equals("AUTHORIZED"));
		assertThat(heldOrderText(order)).isNull();
	}

	@Test
	void chargesAnOrderWhosePassingVerdictCameFirstAsSoonAsItArrives() {
		OrderPlaced order = order("1500.00", "tok_visa");

		messaging.publish(passed(order, "rules"));
		await().atMost(PATIENCE).until(() -> "PASSED".equals(holdVerdict(order)));
		placeOnOrdersQueue(order);

		await().atMost(PATIENCE).until(() -> paymentStatus(order).equals("AUTHORIZED"));
	}

	@Test
	void neverChargesAnOrderWhoseFailingVerdictCameFirst() {
		OrderPlaced order = order("1500.00", "tok_visa");

		messaging.publish(failed(order, "rules"));
		await().atMost(PATIENCE).until(() -> "FAILED".equals(holdVerdict(order)));
		placeOnOrdersQueue(order);

		await().during(HELD).atMost(HELD.plusSeconds(5)).until(() -> paymentStatus(order).equals("NONE"));
		assertThat(heldOrderText(order)).isNull();
	}

	@Test
	void duplicateAndContradictingVerdictsChargeOnceAndTheFirstVerdictStands() {
		OrderPlaced order = order("1500.00", "tok_visa");
		FraudScreeningPassed passed = passed(order, "rules");

		placeOnOrdersQueue(order);
		await().atMost(PATIENCE).until(() -> heldOrderText(order) != null);
		messaging.publish(passed);
		messaging.publish(passed);
		await().atMost(PATIENCE).until(() -> paymentStatus(order).equals("AUTHORIZED"));
		messaging.publish(failed(order, "reviewer:mallory"));
		messaging.publish(passed(order, "reviewer:carol"));

		await().during(HELD).atMost(HELD.plusSeconds(5)).untilAsserted(() -> {
			assertThat(payments(order)).isEqualTo(1);
			assertThat(holdVerdict(order)).isEqualTo("PASSED");
		});
		assertThat(published.about(order.orderId(), PaymentAuthorized.class)).hasSize(1);
	}

	@Test
	void aReviewerApprovesAReviewAndTheOrderIsChargedOnce() {
		OrderPlaced order = order("5697.00", "tok_visa");

		placeAsCheckoutDoes(order);
		await().atMost(PATIENCE).until(() -> "UNDER_REVIEW".equals(screeningStatus(order)));
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/admin/fraud-reviews")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[?(@.orderId == '%s')].reasons[0]".formatted(order.orderId()))
			.asArray()
			.containsExactly("total 5697.00 USD is at least 5 times the high-value threshold 1000.00 USD (+50)");
		assertThat(paymentStatus(order)).isEqualTo("NONE");

		assertThat(mvc.post().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/admin/fraud-reviews/{id}/approve", order.orderId())).hasStatusOk()
			.bodyJson()
			.extractingPath("$.decidedBy")
			.isEqualTo("reviewer:ops");

		await().atMost(PATIENCE).until(() -> paymentStatus(order).equals("AUTHORIZED"));
		assertThat(mvc.post().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/admin/fraud-reviews/{id}/reject", order.orderId()))
			.hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(published.about(order.orderId(), FraudReviewRequired.class)).hasSize(1);
		assertThat(audit.recent("fraud-review.approve", "order:" + order.orderId(), 10)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).isEqualTo("status=APPROVED");
			});
		assertThat(audit.recent("fraud-review.reject", "order:" + order.orderId(), 10)).singleElement()
			.as("rejecting an approved order is refused, and the refusal recorded")
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
				assertThat(entry.detail()).isEqualTo("ReviewAlreadyDecidedException");
			});
	}

	@Test
	void aBurstOfOneCustomersOrdersWaitsInTheQueueNotOnPooledConnections() throws Exception {
		String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
		List<OrderPlaced> burst = IntStream.range(0, 6).mapToObj(i -> orderOf(customer, "1299.00")).toList();
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			// An earlier screening of the customer under way: the customer's lock held until the burst has come in.
			Future<?> holder = threads.submit(() -> transactions.executeWithoutResult(status -> {
				jdbc.sql("select 1 from pg_advisory_xact_lock(hashtext('fraud-screening'), hashtext(:customer))")
					.param("customer", customer)
					.query(Integer.class)
					.single();
				locked.countDown();
				awaitQuietly(release);
			}));
			locked.await();
			try {
				burst.forEach(HighValueOrderIT::putOnTheBus);

				await().atMost(PATIENCE).until(() -> waitingForACustomersLock() >= 2);
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(10))
					.until(() -> waitingForACustomersLock() <= 2);
			}
			finally {
				release.countDown();
			}
			holder.get();
		}

		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(burst).allSatisfy(order -> assertThat(screeningStatus(order)).isNotNull()));
	}

	@Test
	void twoDecisionsAtOnceTakeTurnsTheSecondFindsTheReviewDecided() throws Exception {
		OrderPlaced order = order("5697.00", "tok_visa");
		placeAsCheckoutDoes(order);
		await().atMost(PATIENCE).until(() -> "UNDER_REVIEW".equals(screeningStatus(order)));
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			// Another decision under way: the screening's row held until both reviewers' requests wait for it.
			Future<?> holder = threads.submit(() -> transactions.executeWithoutResult(status -> {
				jdbc.sql("select order_id from fraud_screening where order_id = :id for update")
					.param("id", order.orderId())
					.query(UUID.class)
					.single();
				locked.countDown();
				awaitQuietly(release);
			}));
			locked.await();

			Future<Integer> approve = threads.submit(() -> decide(order, "approve"));
			Future<Integer> reject = threads.submit(() -> decide(order, "reject"));
			await().atMost(PATIENCE).until(() -> waitingForALockOnTheScreening() == 2);
			release.countDown();
			holder.get();

			assertThat(List.of(approve.get(), reject.get())).as("one decides, the other finds it decided: no 500")
				.containsExactlyInAnyOrder(200, 409);
		}
	}

	@Test
	void aReviewerRejectsAReviewNothingIsChargedAndTheDecisionIsAudited() {
		OrderPlaced order = order("5697.00", "tok_visa");

		placeAsCheckoutDoes(order);
		await().atMost(PATIENCE).until(() -> "UNDER_REVIEW".equals(screeningStatus(order)));
		assertThat(mvc.post().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/admin/fraud-reviews/{id}/reject", order.orderId())).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("REJECTED");

		await().during(HELD).atMost(HELD.plusSeconds(5)).until(() -> paymentStatus(order).equals("NONE"));
		assertThat(audit.recent("fraud-review.reject", "order:" + order.orderId(), 10)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).isEqualTo("status=REJECTED");
				assertThat(entry.occurredAt()).isBefore(java.time.Instant.now().plusSeconds(1));
			});
	}

	@Test
	void aReviewNobodyDecidesIsRejectedWhenItsTimeIsUpAndNothingIsCharged() {
		OrderPlaced order = order("5697.00", "tok_visa");

		placeAsCheckoutDoes(order);
		await().atMost(PATIENCE).until(() -> "UNDER_REVIEW".equals(screeningStatus(order)));

		await().atMost(PATIENCE).until(() -> "TIMED_OUT".equals(screeningStatus(order)));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(published.about(order.orderId(), FraudScreeningFailed.class))
				.singleElement()
				.extracting(FraudScreeningFailed::decidedBy)
				.isEqualTo("review-timeout"));
		assertThat(jdbc.sql("select decided_at >= screened_at + interval '8 seconds' from fraud_screening "
				+ "where order_id = :id").param("id", order.orderId()).query(Boolean.class).single())
			.as("not before its time").isTrue();
		await().during(HELD).atMost(HELD.plusSeconds(5)).until(() -> paymentStatus(order).equals("NONE"));
		assertThat(mvc.post().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/admin/fraud-reviews/{id}/approve", order.orderId()))
			.hasStatus(HttpStatus.CONFLICT);
	}

	/**
	 * A held order that passed, whose charge stayed pending longer than the provider keeps its key: the sweep sets
	 * the charge aside, and its hold is released in the same transaction, so its token is left in neither table
	 * (ADR 42). A verdict delivered again charges nothing, and a person can still settle it.
	 */
	@Test
	void aHeldOrderWhoseChargeIsSetAsideKeepsItsTokenNowhereAndCanStillBeSettled() {
		OrderPlaced order = order("1500.00", "tok_visa");
		heldPassedAndChargedLongAgoWithoutARecord(order);

		await().atMost(PATIENCE).until(() -> "NEEDS_RECONCILIATION".equals(attemptStatus(order)));
		assertThat(heldOrderText(order)).as("released with the set-aside").isNull();
		assertThat(jdbc.sql("select released_at is not null from payment_hold where order_id = :id")
			.param("id", order.orderId())
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(jdbc.sql("select order_to_charge from payment_attempt where order_id = :id")
			.param("id", order.orderId())
			.query(String.class)
			.single()).doesNotContain(order.paymentToken());

		messaging.publish(passed(order, "rules"));
		await().during(HELD).atMost(HELD.plusSeconds(5)).until(() -> paymentStatus(order).equals("NONE"));
		assertThat(heldOrderText(order)).isNull();

		assertThat(mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/payment-attempts/{orderId}/settlement", order.orderId())
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"charged": false}""")).hasStatusOk();
		assertThat(paymentStatus(order)).isEqualTo("DECLINED");
		assertThat(attemptStatus(order)).isEqualTo("DECLINED");
	}

	/**
	 * As the service left it before the key window passed: the order held with its token, its passing verdict, and
	 * the charge written down 24 hours ago, asked of the gateway and never recorded.
	 */
	private void heldPassedAndChargedLongAgoWithoutARecord(OrderPlaced order) {
		transactions.executeWithoutResult(status -> {
			jdbc.sql("""
					insert into payment_hold (order_id, customer_id, held_order, verdict, verdict_by, created_at,
					  version)
					values (:orderId, :customerId, :order, 'PASSED', 'rules', now() - interval '24 hours', 1)""")
				.param("orderId", order.orderId())
				.param("customerId", order.customerId())
				.param("order", codec.encode(order))
				.update();
			attempts.insertIfAbsent(PendingAttempts.writtenAt(order, clock.instant().minus(Duration.ofHours(24))));
		});
	}

	private String attemptStatus(OrderPlaced order) {
		return jdbc.sql("select status from payment_attempt where order_id = :id")
			.param("id", order.orderId())
			.query(String.class)
			.optional()
			.orElse("NONE");
	}

	@Test
	void aReplayOfTheArchiveRedoesOnlyWhatWasLost() {
		Instant from = Instant.now().minusSeconds(1);
		OrderPlaced done = order("1299.00", "tok_visa");
		OrderPlaced lost = order("1299.00", "tok_visa");
		placeAsCheckoutDoes(done);
		placeAsCheckoutDoes(lost);
		await().atMost(PATIENCE).until(() -> paymentStatus(done).equals("AUTHORIZED")
				&& paymentStatus(lost).equals("AUTHORIZED"));
		// As if the screening of one order had been lost (a restore from an older backup, say).
		jdbc.sql("delete from fraud_screening where order_id = :id").param("id", lost.orderId()).update();
		jdbc.sql("delete from inbox_message where event_id = :id and consumer = 'fraud-screening'")
			.param("id", lost.eventId())
			.update();
		long outboxRowsOfDone = outboxRows(done);
		Instant to = Instant.now();

		String replay = mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/events/replays")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(from, to))
			.exchange()
			.assertThat()
			.hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.extractingPath("$.name")
			.asString()
			.actual();

		assertThat(audit.recent("events.replay", "bus:" + MessagingNames.EVENT_BUS, 1)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).startsWith("replay=" + replay + " from=");
			});
		await().atMost(PATIENCE).until(() -> events.describeReplay(request -> request.replayName(replay))
			.state() == ReplayState.COMPLETED);
		await().atMost(PATIENCE).until(() -> "PASSED".equals(screeningStatus(lost)));
		await().during(HELD).atMost(HELD.plusSeconds(5)).untilAsserted(() -> {
			assertThat(outboxRows(done)).as("nothing new about the order already done").isEqualTo(outboxRowsOfDone);
			assertThat(payments(done)).isEqualTo(1);
			assertThat(payments(lost)).isEqualTo(1);
		});
	}

	@Test
	void refusesAReplayWindowThatIsEmptyOrInTheFuture() {
		Instant now = Instant.now();
		assertThat(mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/events/replays")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(now, now.minusSeconds(60))))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/events/replays")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"from\": \"%s\", \"to\": \"%s\"}".formatted(now, now.plusSeconds(3600))))
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/events/replays/{name}", "not a replay's name!"))
			.as("a name EventBridge could not have given")
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private int decide(OrderPlaced order, String decision) {
		return mvc.post()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/admin/fraud-reviews/{id}/{decision}", order.orderId(), decision)
			.exchange()
			.getResponse()
			.getStatus();
	}

	/** Screenings waiting for their customer's advisory lock, each on a connection of its own. */
	private long waitingForACustomersLock() {
		return jdbc.sql("select count(*) from pg_stat_activity where datname = current_database()"
				+ " and wait_event_type = 'Lock' and wait_event = 'advisory'").query(Long.class).single();
	}

	private long waitingForALockOnTheScreening() {
		return jdbc.sql("select count(*) from pg_stat_activity where datname = current_database()"
				+ " and wait_event_type = 'Lock' and query ilike '%fraud_screening%'").query(Long.class).single();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Checkout's two copies: the token-less one on the bus, the one with the token on orders.fifo. */
	private void placeAsCheckoutDoes(OrderPlaced order) {
		putOnTheBus(order);
		placeOnOrdersQueue(order);
	}

	private static void putOnTheBus(OrderPlaced order) {
		var answer = events.putEvents(request -> request.entries(entry -> entry.eventBusName(MessagingNames.EVENT_BUS)
			.source(MessagingNames.CHECKOUT_EVENT_SOURCE)
			.detailType(order.eventType())
			.detail(codec.encode(order.withoutPaymentToken()))));
		assertThat(answer.failedEntryCount()).isZero();
	}

	private static void placeOnOrdersQueue(OrderPlaced order) {
		messaging.sendRaw(MessagingNames.ORDERS_QUEUE, order.eventType(), codec.encode(order), order.customerId(),
				order.orderId().toString());
	}

	private static OrderPlaced order(String total, String paymentToken) {
		UUID orderId = UUID.randomUUID();
		return order(orderId, "customer-" + orderId.toString().substring(0, 8), total, paymentToken);
	}

	private static OrderPlaced orderOf(String customerId, String total) {
		return order(UUID.randomUUID(), customerId, total, "tok_visa");
	}

	private static OrderPlaced order(UUID orderId, String customerId, String total, String paymentToken) {
		Money amount = Money.of(total);
		return new OrderPlaced(UUID.randomUUID(), orderId, customerId,
				List.of(new OrderLine("SC-LAPTOP-005", 1, amount)), amount, paymentToken, Instant.now());
	}

	private static FraudScreeningPassed passed(OrderPlaced order, String decidedBy) {
		return new FraudScreeningPassed(UUID.randomUUID(), order.orderId(), order.customerId(), decidedBy,
				List.of("test"), Instant.now());
	}

	private static FraudScreeningFailed failed(OrderPlaced order, String decidedBy) {
		return new FraudScreeningFailed(UUID.randomUUID(), order.orderId(), order.customerId(), decidedBy,
				List.of("test"), Instant.now());
	}

	private String paymentStatus(OrderPlaced order) {
		return jdbc.sql("select status from payment where order_id = :id")
			.param("id", order.orderId())
			.query(String.class)
			.optional()
			.orElse("NONE");
	}

	private long payments(OrderPlaced order) {
		return jdbc.sql("select count(*) from payment where order_id = :id")
			.param("id", order.orderId())
			.query(Long.class)
			.single();
	}

	private String screeningStatus(OrderPlaced order) {
		return jdbc.sql("select status from fraud_screening where order_id = :id")
			.param("id", order.orderId())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private String holdVerdict(OrderPlaced order) {
		return jdbc.sql("select verdict from payment_hold where order_id = :id")
			.param("id", order.orderId())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private String heldOrderText(OrderPlaced order) {
		return jdbc.sql("select held_order from payment_hold where order_id = :id")
			.param("id", order.orderId())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private long outboxRows(OrderPlaced order) {
		return jdbc.sql("select count(*) from outbox_message where payload like :id")
			.param("id", "%" + order.orderId() + "%")
			.query(Long.class)
			.single();
	}
}
