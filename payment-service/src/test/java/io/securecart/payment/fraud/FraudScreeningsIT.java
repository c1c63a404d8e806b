package io.securecart.payment.fraud;

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

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.payment.charge.PaymentIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Screening against PostgreSQL: what the rules count while other orders of the same customer are being screened. */
@PaymentIntegrationTest
class FraudScreeningsIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String FIRST_ORDER = "the customer's first order above 1000.00 USD (+25)";

	@Autowired
	private FraudScreenings fraudScreenings;

	@Autowired
	private FraudScreeningRepository screenings;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Clock clock;

	@Test
	void aCustomersOrderScreenedWhileAnEarlierOneIsStillBeingScreenedWaitsForItAndCountsIt() throws Exception {
		String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
		OrderPlaced earlier = order(customer);
		OrderPlaced later = order(customer);
		CountDownLatch screened = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			// The earlier order's screening is done but not committed: it joins this transaction, held open.
			Future<?> first = threads.submit(() -> transactions.executeWithoutResult(status -> {
				fraudScreenings.screen(earlier);
				screened.countDown();
				awaitQuietly(commit);
			}));
			screened.await();

			Future<?> second = threads.submit(() -> fraudScreenings.screen(later));
			await().atMost(PATIENCE).until(() -> second.isDone() || waitingForAnAdvisoryLock() > 0);
			commit.countDown();
			first.get();
			second.get();
		}

		assertThat(screenings.findById(earlier.orderId()).orElseThrow().reasons()).contains(FIRST_ORDER);
		assertThat(screenings.findById(later.orderId()).orElseThrow().reasons())
			.as("the later order saw the earlier one: not the customer's first")
			.doesNotContain(FIRST_ORDER);
	}

	@Test
	void anOrderScreenedLateCountsOnlyTheOrdersPlacedBeforeIt() {
		String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
		Instant placed = clock.instant();
		OrderPlaced lost = order(customer, placed);
		List<OrderPlaced> later = IntStream.rangeClosed(1, 4)
			.mapToObj(minutes -> order(customer, placed.plusSeconds(60L * minutes)))
			.toList();

		later.forEach(fraudScreenings::screen);
		// Its screening was lost and it is replayed from the archive (or redriven) after the others.
		fraudScreenings.screen(lost);

		FraudScreening screening = screenings.findById(lost.orderId()).orElseThrow();
		assertThat(screening.reasons()).contains(FIRST_ORDER).noneMatch(reason -> reason.contains("velocity"));
		assertThat(screening.getStatus()).isNotEqualTo(ScreeningStatus.FAILED);
	}

	@Test
	void aReviewsTimerIsWrittenInTheTransactionThatRecordsTheReviewAndOnlyIfItCommits() {
		String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
		OrderPlaced rolledBack = order(customer, clock.instant(), Money.of("5697.00"));
		OrderPlaced committed = order(customer, clock.instant(), Money.of("5697.00"));

		transactions.executeWithoutResult(status -> {
			fraudScreenings.screen(rolledBack);
			status.setRollbackOnly();
		});
		fraudScreenings.screen(committed);

		FraudScreening review = screenings.findById(committed.orderId()).orElseThrow();
		assertThat(review.isUnderReview()).isTrue();
		assertThat(timersDueAt(committed)).containsExactly(review.getDecideBy());
		assertThat(screenings.findById(rolledBack.orderId())).isEmpty();
		assertThat(timersDueAt(rolledBack)).as("no timer for a review that never was").isEmpty();
	}

	private List<Instant> timersDueAt(OrderPlaced order) {
		return jdbc.sql("""
				select deliver_at from outbox_message
				where destination = 'fraud-review-timeouts' and payload::jsonb ->> 'orderId' = :orderId""")
			.param("orderId", order.orderId().toString())
			.query(Instant.class)
			.list();
	}

	private long waitingForAnAdvisoryLock() {
		return jdbc.sql("select count(*) from pg_stat_activity where datname = current_database()"
				+ " and wait_event_type = 'Lock' and wait_event = 'advisory'").query(Long.class).single();
	}

	private OrderPlaced order(String customerId) {
		return order(customerId, clock.instant());
	}

	private static OrderPlaced order(String customerId, Instant placedAt) {
		return order(customerId, placedAt, Money.of("1299.00"));
	}

	private static OrderPlaced order(String customerId, Instant placedAt, Money total) {
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), customerId,
				List.of(new OrderLine("SC-LAPTOP-005", 1, total)), total, null, placedAt);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
