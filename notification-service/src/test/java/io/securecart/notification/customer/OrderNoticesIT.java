package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.securecart.contracts.Money;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order notices against the many of a back-in-stock event, and against each other: the sweep takes them first, and
 * an order's two cancellation events applied at once tell its customer once, neither failing. The same context as
 * {@code NotificationServiceIT} (hence MockMvc, unused here).
 */
@AutoConfigureMockMvc
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"securecart.notification.resend-interval=1s", "securecart.notification.resend-batch=2",
		"securecart.notification.send-timeout=2s", "securecart.metrics.sample-interval=1s" })
class OrderNoticesIT {

	@Autowired
	Notifications notifications;

	@Autowired
	NotificationRepository repository;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@Test
	void theSweepTakesOrderNoticesBeforeBackInStockOnesThatWaitedLonger() {
		Instant now = clock.instant();
		// Claimed for a day, so that the running sweep leaves them alone; asked as of two days on, they are free.
		UUID backInStock = unsent("BACK_IN_STOCK", null, now.minus(Duration.ofHours(2)), now.plus(Duration.ofDays(1)));
		UUID cancelled = unsent("ORDER_CANCELLED_REFUNDED", UUID.randomUUID(), now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofDays(1)));
		try {
			List<UUID> line = repository.findUnsentNotTriedSince(now, now.plus(Duration.ofDays(2)), 10_000);

			assertThat(line).filteredOn(id -> id.equals(backInStock) || id.equals(cancelled))
				.containsExactly(cancelled, backInStock);
		}
		finally {
			jdbc.sql("delete from notification where id in (:ids)")
				.param("ids", List.of(backInStock, cancelled))
				.update();
		}
	}

	@Test
	void aFailedFulfillmentAndItsRefundAppliedAtOnceTellTheCustomerOnce() throws Exception {
		for (int race = 0; race < 100; race++) {
			UUID orderId = UUID.randomUUID();
			String customer = "customer-" + UUID.randomUUID();
			Instant now = clock.instant();
			FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), orderId, customer,
					"Fulfillment.ItemDamaged", "found damaged while packing", now);
			PaymentRefunded refunded = new PaymentRefunded(UUID.randomUUID(), orderId, customer, UUID.randomUUID(),
					Money.of("42.00"), "fulfillment failed: Fulfillment.ItemDamaged", now);

			runConcurrently(() -> notifications.notifyCustomer(failed), () -> notifications.notifyCustomer(refunded));

			assertThat(jdbc.sql("select count(*) from notification where order_id = :order")
				.param("order", orderId)
				.query(Long.class)
				.single()).as("notices of order %s", orderId).isOne();
		}
	}

	private UUID unsent(String kind, UUID orderId, Instant createdAt, Instant claimedUntil) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into notification (id, event_id, order_id, customer_id, kind, message, created_at, claimed_until)
				values (:id, :event, :order, :customer, :kind, 'queued', :createdAt, :claimedUntil)""")
			.param("id", id)
			.param("event", UUID.randomUUID())
			.param("order", orderId)
			.param("customer", "customer-" + id)
			.param("kind", kind)
			.param("createdAt", java.sql.Timestamp.from(createdAt))
			.param("claimedUntil", java.sql.Timestamp.from(claimedUntil))
			.update();
		return id;
	}

	/** Both at once, as two listener threads would; either one failing fails the race. */
	private static void runConcurrently(Runnable first, Runnable second) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<?> one = threads.submit(() -> {
				start.await();
				first.run();
				return null;
			});
			Future<?> other = threads.submit(() -> {
				start.await();
				second.run();
				return null;
			});
			start.countDown();
			one.get();
			other.get();
		}
	}
}
