package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import io.securecart.notification.ChannelRefusals;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatcher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * "Notify me when this SKU is back in stock" on the wire (ADR 15): a customer asks through the API,
 * {@code StockLevelChanged} arrives through the {@code stock-events} topic and its filtered subscription, and only
 * the customers who asked are told, once however often it is delivered. Unsent notifications are swept every second
 * here (instead of 30 s).
 */
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"securecart.notification.resend-interval=1s", "securecart.notification.resend-batch=2",
		"securecart.notification.send-timeout=2s", "securecart.metrics.sample-interval=1s" })
@AutoConfigureMockMvc
class BackInStockIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Clock clock;

	@MockitoSpyBean
	NotificationChannel channel;

	private final ChannelRefusals refusals = new ChannelRefusals();

	@BeforeEach
	void channelRefusesWhomTheTestSays() {
		refusals.answerOn(channel);
	}

	@AfterEach
	void nothingFailedIntoTheDeadLetterQueue() {
		assertThat(messaging.approximateCount("notification-stock-events-dlq")).isZero();
	}

	@AfterAll
	static void close() {
		messaging.close();
	}

	@Test
	void aSecondFirstRequestAtOnceWaitsForTheFirstAndIsAnsweredNotRefused() throws Exception {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8);
		String carol = "carol-" + UUID.randomUUID();
		CountDownLatch inserted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			// The first click's request, inserted and not yet committed when the second arrives.
			Future<?> first = threads.submit(() -> transactions.executeWithoutResult(status -> {
				jdbc.sql("insert into back_in_stock_request (id, customer_id, sku, requested_at) "
						+ "values (:id, :customer, :sku, now())")
					.param("id", UUID.randomUUID())
					.param("customer", carol)
					.param("sku", sku)
					.update();
				inserted.countDown();
				awaitQuietly(release);
			}));
			inserted.await();

			Future<Integer> second = threads
				.submit(() -> as(carol, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku)).getResponse()
					.getStatus());
			await().atMost(TIMEOUT)
				.until(() -> jdbc.sql("select count(*) from pg_stat_activity where datname = current_database() "
						+ "and wait_event_type = 'Lock' and query ilike '%back_in_stock_request%'")
					.query(Long.class)
					.single() > 0);
			release.countDown();
			first.get();

			assertThat(second.get()).as("the second click's answer").isEqualTo(200);
		}
		assertThat(jdbc.sql("select count(*) from back_in_stock_request where customer_id = :customer")
			.param("customer", carol)
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void tellsTheCustomersWhoAskedOnceWhenTheProductIsBack() {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8);
		String alice = "alice-" + UUID.randomUUID();
		String bob = "bob-" + UUID.randomUUID();
		assertThat(as(alice, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"sku\":\"%s\",\"notifiedAt\":null}".formatted(sku));
		StockLevelChanged back = changed(sku, Level.OUT_OF_STOCK, Level.LOW, 3);

		publish(back);
		// SQS delivers at least once, and a retried Lambda publishes the same event again.
		messaging.sendRaw(MessagingNames.NOTIFICATION_STOCK_QUEUE, back.eventType(), codec.encode(back), null, null);

		await().atMost(TIMEOUT).until(() -> backInStockNotifications(alice) == 1);
		await().atMost(TIMEOUT)
			.until(() -> messaging.approximateCount(MessagingNames.NOTIFICATION_STOCK_QUEUE) == 0
					&& inboxHas(back.eventId()));
		assertThat(backInStockNotifications(alice)).isEqualTo(1);
		assertThat(backInStockNotifications(bob)).isZero();
		assertThat(as(alice, mvc.get().uri("/api/notifications"))).hasStatusOk()
			.bodyJson()
			.extractingPath("$[0].message")
			.asString()
			.contains(sku, "back in stock");
		assertThat(as(alice, mvc.get().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.notifiedAt")
			.isNotNull();
		assertThat(as(bob, mvc.get().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatus(404);
	}

	@Test
	void aCustomerWhoseMessageCannotBeSentIsToldLaterAndTheOthersAreNotToldTwice() {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8);
		String alice = "alice-" + UUID.randomUUID();
		String bob = "bob-" + UUID.randomUUID();
		assertThat(as(alice, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk();
		assertThat(as(bob, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk();
		refusals.refuse(bob, 1);
		StockLevelChanged back = changed(sku, Level.OUT_OF_STOCK, Level.IN_STOCK, 20);

		publish(back);

		// Alice's message goes first (she asked first); Bob's second attempt comes after it either way.
		await().atMost(TIMEOUT).untilAsserted(() -> verify(channel, times(2)).send(argThat(to(bob))));
		verify(channel, times(1)).send(argThat(to(alice)));
		await().atMost(TIMEOUT)
			.until(() -> sentBackInStockNotifications(alice) == 1 && sentBackInStockNotifications(bob) == 1);
		assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_STOCK_QUEUE)).isZero();
	}

	@Test
	void aChangeThatIsNotBackInStockTellsNobody() {
		String sku = "SC-CHAIR-" + UUID.randomUUID().toString().substring(0, 8);
		String carol = "carol-" + UUID.randomUUID();
		assertThat(as(carol, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk();
		StockLevelChanged low = changed(sku, Level.IN_STOCK, Level.LOW, 2);
		StockLevelChanged out = changed(sku, Level.LOW, Level.OUT_OF_STOCK, 0);

		publish(low);
		publish(out);

		await().atMost(TIMEOUT).until(() -> inboxHas(low.eventId()) && inboxHas(out.eventId()));
		assertThat(backInStockNotifications(carol)).isZero();
		assertThat(as(carol, mvc.get().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.notifiedAt")
			.isNull();
	}

	@Test
	void tellsEveryWaitingCustomerOnceAPageAtATimeEvenWhenDeliveredTwice() {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8);
		int waiting = 450; // more than two pages of 200
		jdbc.sql("""
				insert into back_in_stock_request (id, customer_id, sku, requested_at)
				select gen_random_uuid(), 'paged-' || n || '-' || :sku, :sku, now() - interval '1 minute'
				from generate_series(1, :waiting) n""")
			.param("sku", sku)
			.param("waiting", waiting)
			.update();
		StockLevelChanged back = changed(sku, Level.OUT_OF_STOCK, Level.IN_STOCK, 500);
		try {
			publish(back);
			messaging.sendRaw(MessagingNames.NOTIFICATION_STOCK_QUEUE, back.eventType(), codec.encode(back), null,
					null);

			await().atMost(TIMEOUT)
				.until(() -> messaging.approximateCount(MessagingNames.NOTIFICATION_STOCK_QUEUE) == 0
						&& inboxHas(back.eventId()));
			assertThat(jdbc
				.sql("select count(*), count(distinct customer_id) from notification where event_id = :event")
				.param("event", back.eventId())
				.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
				.single()).as("notifications, customers told").containsExactly((long) waiting, (long) waiting);
			assertThat(jdbc.sql("select count(*) from back_in_stock_request where sku = :sku and notified_by = :event")
				.param("sku", sku)
				.param("event", back.eventId())
				.query(Long.class)
				.single()).as("requests answered").isEqualTo(waiting);
			// Rows a transaction wrote share its xmin: one per page, none holding more than a page.
			assertThat(jdbc.sql("""
					select count(*) from back_in_stock_request where sku = :sku group by xmin::text order by 1 desc""")
				.param("sku", sku)
				.query(Long.class)
				.list()).as("requests answered per transaction").hasSizeGreaterThanOrEqualTo(3).allMatch(n -> n <= 200);
		}
		finally {
			// The module's other tests share the sweep; what this one left unsent is not theirs to wait behind.
			jdbc.sql("delete from notification where event_id = :event").param("event", back.eventId()).update();
			jdbc.sql("delete from back_in_stock_request where sku = :sku").param("sku", sku).update();
		}
	}

	@Test
	void aRequestMadeAfterTheProductCameBackIsNotAnsweredByThatLateEvent() {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8);
		String carol = "carol-" + UUID.randomUUID();
		// Back a minute ago (and sold out again since); the announcement arrives only now.
		StockLevelChanged back = new StockLevelChanged(UUID.randomUUID(), sku, Level.OUT_OF_STOCK, Level.LOW, 1, 5,
				clock.instant().minus(Duration.ofMinutes(1)));
		assertThat(as(carol, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk();

		publish(back);

		await().atMost(TIMEOUT).until(() -> inboxHas(back.eventId()));
		assertThat(backInStockNotifications(carol)).isZero();
		assertThat(as(carol, mvc.get().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.notifiedAt")
			.isNull();
	}

	@Test
	void aBackInStockEventOlderThanTheLastChangeSeenForTheSkuTellsNobody() {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8);
		String dave = "dave-" + UUID.randomUUID();
		assertThat(as(dave, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk();
		Instant now = clock.instant();
		StockLevelChanged back = new StockLevelChanged(UUID.randomUUID(), sku, Level.OUT_OF_STOCK, Level.LOW, 1, 5,
				now);
		StockLevelChanged soldOut = new StockLevelChanged(UUID.randomUUID(), sku, Level.LOW, Level.OUT_OF_STOCK, 0, 5,
				now.plusMillis(10));

		publish(soldOut);
		await().atMost(TIMEOUT).until(() -> inboxHas(soldOut.eventId()));
		publish(back);

		await().atMost(TIMEOUT).until(() -> inboxHas(back.eventId()));
		assertThat(backInStockNotifications(dave)).isZero();
		assertThat(as(dave, mvc.get().uri("/api/back-in-stock-requests/{sku}", sku))).hasStatusOk()
			.bodyJson()
			.extractingPath("$.notifiedAt")
			.isNull();
	}

	@Test
	void aCustomerMayHaveFiftyRequestsWaitingAndTheNextIsAConflict() {
		String erin = "erin-" + UUID.randomUUID();
		String answered = "SC-DONE-" + UUID.randomUUID().toString().substring(0, 8);
		jdbc.sql("""
				insert into back_in_stock_request (id, customer_id, sku, requested_at)
				select gen_random_uuid(), :customer, 'SC-FULL-' || n, now() from generate_series(1, 49) n""")
			.param("customer", erin)
			.update();
		jdbc.sql("""
				insert into back_in_stock_request (id, customer_id, sku, requested_at, notified_at, notified_by)
				values (gen_random_uuid(), :customer, :sku, now(), now(), gen_random_uuid())""")
			.param("customer", erin)
			.param("sku", answered)
			.update();

		assertThat(as(erin, mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-FULL-50"))).hasStatusOk();
		assertThat(as(erin, mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-FULL-51"))).hasStatus(409)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/back-in-stock-limit");
		assertThat(as(erin, mvc.put().uri("/api/back-in-stock-requests/{sku}", answered)))
			.as("asking again after being told is one more waiting")
			.hasStatus(409);
		assertThat(as(erin, mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-FULL-7")))
			.as("asking again for one that waits adds nothing")
			.hasStatusOk();
		assertThat(jdbc.sql("select count(*) from back_in_stock_request where customer_id = :customer "
				+ "and notified_at is null")
			.param("customer", erin)
			.query(Long.class)
			.single()).isEqualTo(50);
		assertThat(as("frank-" + UUID.randomUUID(), mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-FULL-51")))
			.as("another customer has a cap of their own")
			.hasStatusOk();
	}

	@Test
	void aCustomersRequestsAtOnceCannotGetPastTheCap() throws Exception {
		String gina = "gina-" + UUID.randomUUID();
		jdbc.sql("""
				insert into back_in_stock_request (id, customer_id, sku, requested_at)
				select gen_random_uuid(), :customer, 'SC-FULL-' || n, now() from generate_series(1, 45) n""")
			.param("customer", gina)
			.update();
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 20; i++) {
				String sku = "SC-RACE-" + i;
				answers.add(threads.submit(() -> as(gina, mvc.put().uri("/api/back-in-stock-requests/{sku}", sku))
					.getResponse()
					.getStatus()));
			}
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> answer : answers) {
			statuses.add(answer.get());
		}
		assertThat(statuses).filteredOn(status -> status == 200).hasSize(5);
		assertThat(statuses).filteredOn(status -> status == 409).hasSize(15);
		assertThat(jdbc.sql("select count(*) from back_in_stock_request where customer_id = :customer")
			.param("customer", gina)
			.query(Long.class)
			.single()).isEqualTo(50);
	}

	@Test
	void aCustomerAskingForMoreThanThirtyProductsAMinuteIsLimited() {
		String hal = "hal-" + UUID.randomUUID();
		for (int i = 0; i < 30; i++) {
			assertThat(as(hal, mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-MANY-" + i))).hasStatusOk();
		}

		assertThat(as(hal, mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-MANY-30"))).hasStatus(429)
			.headers()
			.containsHeader(HttpHeaders.RETRY_AFTER);
		assertThat(as("ivy-" + UUID.randomUUID(), mvc.put().uri("/api/back-in-stock-requests/{sku}", "SC-MANY-30")))
			.hasStatusOk();
	}

	@Test
	void aSkuCheckoutSellsCanBeAskedFor() {
		String sku = "SC-LAMP-" + UUID.randomUUID().toString().substring(0, 8) + ".V2";

		assertThat(as("erin-" + UUID.randomUUID(), mvc.put().uri("/api/back-in-stock-requests/{sku}", sku)))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"sku\":\"%s\",\"notifiedAt\":null}".formatted(sku));
	}

	@Test
	void aSkuOutsideTheCatalogsAlphabetIsABadRequest() {
		assertThat(as("dave", mvc.put().uri("/api/back-in-stock-requests/{sku}", "no spaces allowed")))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/validation");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private MvcTestResult as(String customer,
			org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer)).exchange();
	}

	private StockLevelChanged changed(String sku, Level previous, Level current, int available) {
		return new StockLevelChanged(UUID.randomUUID(), sku, previous, current, available, 5, clock.instant());
	}

	private static void publish(StockLevelChanged event) {
		messaging.publishRaw(MessagingNames.STOCK_EVENTS_TOPIC, event.eventType(), codec.encode(event));
	}

	private long backInStockNotifications(String customer) {
		return jdbc.sql("select count(*) from notification where customer_id = :customer and kind = 'BACK_IN_STOCK'")
			.param("customer", customer)
			.query(Long.class)
			.single();
	}

	private long sentBackInStockNotifications(String customer) {
		return jdbc.sql("select count(*) from notification where customer_id = :customer and kind = 'BACK_IN_STOCK' "
				+ "and sent_at is not null")
			.param("customer", customer)
			.query(Long.class)
			.single();
	}

	private static ArgumentMatcher<Notification> to(String customer) {
		return notification -> notification != null && notification.getCustomerId().equals(customer);
	}

	private boolean inboxHas(UUID eventId) {
		return jdbc.sql("select count(*) from inbox_message where event_id = :id")
			.param("id", eventId)
			.query(Long.class)
			.single() == 1;
	}
}
