package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Instant;
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
 * Order notices against each other: an order's two cancellation events applied at once tell its customer once, neither
 * failing. (That the sweep takes them before a back-in-stock event's many: NotificationSweepIT.) The same context as
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
	JdbcClient jdbc;

	@Autowired
	Clock clock;

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
