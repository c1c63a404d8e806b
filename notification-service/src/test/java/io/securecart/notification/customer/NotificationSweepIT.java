package io.securecart.notification.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sweep drains what is due at its send rate, page after page, not one page per round (ADR 36, amended
 * 2026-12-06): a restock's thousand notices left to it are sent within seconds, an order notice recorded after them
 * still goes first, and two sweepers at once (a second round run by the test beside the scheduled one, as two
 * instances would) send none twice. The rate is set far above what this machine reaches, so the test prints what it
 * reaches. The module's other ITs run another context on the same database meanwhile, whose sweep takes its share.
 */
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"securecart.notification.resend-interval=1s", "securecart.notification.resend-batch=4",
		"securecart.notification.send-timeout=2s", "securecart.metrics.sample-interval=1s",
		"securecart.notification.sweep-sends-per-second=1000" })
class NotificationSweepIT {

	private static final Logger log = LoggerFactory.getLogger(NotificationSweepIT.class);

	private static final int BACK_IN_STOCK = 1_000;

	/**
	 * Twenty rounds of one second at most (this machine takes about ten: the rate set is far above what it reaches).
	 * The old sweep sent one page of {@code resend-batch} (4) a round: 250 rounds for the thousand, and the other
	 * context's sweep two more a round.
	 */
	private static final Duration A_FEW_ROUNDS = Duration.ofSeconds(20);

	@Autowired
	NotificationDelivery delivery;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Clock clock;

	@Autowired
	NotificationRepository notifications;

	@MockitoSpyBean
	NotificationChannel channel;

	/**
	 * The query's line: order notices before back-in-stock notices, each kind longest waiting first (since recorded,
	 * or since its last failed send), so an order notice that failed goes behind the order notices due before its
	 * failure and still before a restock's backlog (ADR 36, last amendment). The rows are of 2001 and claimed until
	 * 2099, so the scheduled sweeps (today) leave them, and the query, asked as of 2100 for what waits since before
	 * 2001-01-02, finds only them.
	 */
	@Test
	void anOrderNoticeThatFailedWaitsBehindTheOrderNoticesDueBeforeItsFailureAndBeforeEveryBackInStockNotice() {
		UUID test = UUID.randomUUID();
		Instant day = Instant.parse("2001-01-01T00:00:00Z");
		UUID failed = notice(test, "ORDER_CANCELLED_REFUNDED", day, day.plus(Duration.ofMinutes(30)));
		UUID backInStock = notice(test, "BACK_IN_STOCK", day.plus(Duration.ofMinutes(10)), null);
		UUID fresh = notice(test, "ORDER_CANCELLED_REFUNDED", day.plus(Duration.ofMinutes(20)), null);
		UUID later = notice(test, "ORDER_CANCELLED_REFUNDED", day.plus(Duration.ofMinutes(40)), null);
		try {
			List<UUID> line = IntStream.range(0, 4)
				.mapToObj(page -> transactions.execute(status -> notifications.claimUnsentNotTriedSince(
						day.plus(Duration.ofDays(1)), Instant.parse("2100-01-01T00:00:00Z"),
						Instant.parse("2101-01-01T00:00:00Z"), 1)))
				.map(page -> page.get(0).getId())
				.toList();

			assertThat(line).containsExactly(fresh, failed, later, backInStock);
		}
		finally {
			jdbc.sql("delete from notification where customer_id like :test").param("test", "%" + test).update();
		}
	}

	/**
	 * A notice that failed waits its back-off before the query takes it again (its retry_from, V21), an order notice
	 * too, and the query finds what is due through notification_due (V22), not by reading every unsent row.
	 */
	@Test
	void aNoticeThatFailedIsDueAgainOnlyOnceItsBackOffHasPassedFoundThroughItsIndex() {
		UUID test = UUID.randomUUID();
		Instant day = Instant.parse("2001-01-01T00:00:00Z");
		UUID backedOff = notice(test, "ORDER_CANCELLED_REFUNDED", day, day.plus(Duration.ofMinutes(1)));
		jdbc.sql("update notification set failed_attempts = 3, retry_from = :from where id = :id")
			.param("from", Timestamp.from(day.plus(Duration.ofMinutes(31))))
			.param("id", backedOff)
			.update();
		UUID backInStock = notice(test, "BACK_IN_STOCK", day.plus(Duration.ofMinutes(10)), null);
		try {
			List<UUID> before = claimedAsOf(day.plus(Duration.ofMinutes(30)));
			List<UUID> after = claimedAsOf(day.plus(Duration.ofMinutes(32)));

			assertThat(before).as("while it backs off: the back-in-stock notice").containsExactly(backInStock);
			assertThat(after).as("once its back-off passed").containsExactly(backedOff);
			// The repository's own statement, on a table too small for the planner to choose an index unasked: each
			// branch's scan bounded by its kind (the index's first column) and its due time (the second).
			List<String> plan = transactions.execute(status -> {
				jdbc.sql("set local enable_seqscan = off").update();
				return jdbc.sql("explain " + NotificationRepository.CLAIM_DUE_PAGE)
					.param("before", Timestamp.from(day))
					.param("now", Timestamp.from(day))
					.param("claimedUntil", Timestamp.from(day))
					.param("limit", 4)
					.query(String.class)
					.list();
			});
			log.info("The sweep's claim:\n{}", String.join("\n", plan));
			assertThat(plan).as("each kind's scan").filteredOn(line -> line.contains("Index Scan"))
				.filteredOn(line -> line.contains("notification_due"))
				.hasSize(2);
			assertThat(plan).as("each scan bounded by its kind and by the due time, both")
				.filteredOn(line -> line.contains("Index Cond"))
				.filteredOn(line -> line.contains("COALESCE(GREATEST(last_attempt_at, retry_from), created_at) <"))
				.satisfiesExactly(
						orderScan -> assertThat(orderScan).contains("'BACK_IN_STOCK'::text) = false) AND"),
						backInStockScan -> assertThat(backInStockScan).contains("'BACK_IN_STOCK'::text) = true) AND"));
		}
		finally {
			jdbc.sql("delete from notification where customer_id like :test").param("test", "%" + test).update();
		}
	}

	/** The query's next page of one, asked as of 2100 for what waits since before {@code before} (claims until 2101). */
	private List<UUID> claimedAsOf(Instant before) {
		return transactions.execute(status -> notifications.claimUnsentNotTriedSince(before,
				Instant.parse("2100-01-01T00:00:00Z"), Instant.parse("2101-01-01T00:00:00Z"), 1))
			.stream()
			.map(Notification::getId)
			.toList();
	}

	private UUID notice(UUID test, String kind, Instant createdAt, Instant lastAttemptAt) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into notification (id, event_id, order_id, customer_id, kind, message, created_at,
				last_attempt_at, claimed_until)
				values (:id, gen_random_uuid(), :order, :customer, :kind, 'line', :created, :tried, :claimed)""")
			.param("id", id)
			.param("order", kind.equals("BACK_IN_STOCK") ? null : UUID.randomUUID())
			.param("kind", kind)
			.param("customer", "line-" + id + "-" + test)
			.param("created", Timestamp.from(createdAt))
			.param("tried", lastAttemptAt == null ? null : Timestamp.from(lastAttemptAt))
			.param("claimed", Timestamp.from(Instant.parse("2099-01-01T00:00:00Z")))
			.update();
		return id;
	}

	@Test
	void aThousandDueBackInStockNoticesAreSentWithinAFewRoundsAndAnOrderNoticeBehindThemGoesFirst() throws Exception {
		UUID restock = UUID.randomUUID();
		UUID cancelledOrder = UUID.randomUUID();
		Instant now = clock.instant();
		// Recorded at once, as a restock's pages left to the sweep are; the cancellation half a minute after them.
		transactions.executeWithoutResult(status -> {
			jdbc.sql("""
					insert into notification (id, event_id, customer_id, kind, message, created_at)
					select gen_random_uuid(), :event, 'sweep-' || n || '-' || :event, 'BACK_IN_STOCK', 'back', :at
					from generate_series(1, :count) n""")
				.param("event", restock)
				.param("count", BACK_IN_STOCK)
				.param("at", Timestamp.from(now.minus(Duration.ofMinutes(1))))
				.update();
			jdbc.sql("""
					insert into notification (id, event_id, order_id, customer_id, kind, message, created_at)
					values (gen_random_uuid(), gen_random_uuid(), :order, :customer, 'ORDER_CANCELLED_REFUNDED',
					'cancelled', :at)""")
				.param("order", cancelledOrder)
				.param("customer", "sweep-cancelled-" + restock)
				.param("at", Timestamp.from(now.minus(Duration.ofSeconds(30))))
				.update();
		});
		try {
			try (ExecutorService secondSweeper = Executors.newVirtualThreadPerTaskExecutor()) {
				Future<?> round = secondSweeper.submit(delivery::sendUnsent);

				await("every notice sent").atMost(A_FEW_ROUNDS).until(() -> unsent(restock, cancelledOrder) == 0);
				round.get();
			}

			Instant cancellationSent = jdbc.sql("select sent_at from notification where order_id = :order")
				.param("order", cancelledOrder)
				.query(Instant.class)
				.single();
			long sentBefore = jdbc.sql("select count(*) from notification where event_id = :event and sent_at < :sent")
				.param("event", restock)
				.param("sent", Timestamp.from(cancellationSent))
				.query(Long.class)
				.single();
			log.info("{} back-in-stock notices sent before the cancellation", sentBefore);
			assertThat(sentBefore).as("back-in-stock notices sent before the cancellation (pages claimed beside its)")
				.isLessThan(20);
			Map<UUID, Long> callsPerNotification = Mockito.mockingDetails(channel)
				.getInvocations()
				.stream()
				.filter(call -> call.getMethod().getName().equals("send"))
				.map(call -> call.<Notification>getArgument(0))
				.filter(notification -> notification.getCustomerId().endsWith(restock.toString()))
				.collect(Collectors.groupingBy(Notification::getId, Collectors.counting()));
			assertThat(callsPerNotification).as("calls per notification, two sweepers at once")
				.isNotEmpty()
				.allSatisfy((id, calls) -> assertThat(calls).as("calls for %s", id).isOne());
		}
		finally {
			report(restock, cancelledOrder);
			jdbc.sql("delete from notification where event_id = :event or order_id = :order")
				.param("event", restock)
				.param("order", cancelledOrder)
				.update();
		}
	}

	private long unsent(UUID restock, UUID cancelledOrder) {
		return jdbc.sql("select count(*) from notification where (event_id = :event or order_id = :order) "
				+ "and sent_at is null")
			.param("event", restock)
			.param("order", cancelledOrder)
			.query(Long.class)
			.single();
	}

	/** What this machine reached: the figure ADR 36's amendment quotes (failsafe's output for this class). */
	private void report(UUID restock, UUID cancelledOrder) {
		List<Instant> span = jdbc.sql("""
				select min(sent_at), max(sent_at) from notification
				where (event_id = :event or order_id = :order) and sent_at is not null""")
			.param("event", restock)
			.param("order", cancelledOrder)
			.query((rs, row) -> rs.getTimestamp(1) == null ? List.<Instant>of()
					: List.of(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
			.single();
		long sent = BACK_IN_STOCK + 1 - unsent(restock, cancelledOrder);
		if (span.isEmpty()) {
			log.info("none of {} sent", BACK_IN_STOCK + 1);
			return;
		}
		Duration took = Duration.between(span.get(0), span.get(1));
		log.info("sent {} of {} in {} ms, {} notifications/s (sweep rate set to 1000/s, pages of 4, rounds of 1 s)",
				sent, BACK_IN_STOCK + 1, took.toMillis(), Math.round(sent * 1000.0 / Math.max(1, took.toMillis())));
	}
}
