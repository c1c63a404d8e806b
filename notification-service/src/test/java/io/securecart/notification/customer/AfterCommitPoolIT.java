package io.securecart.notification.customer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restocks committed at once on as many threads as the pool has connections (ADR 36, review): each committing thread
 * holds its connection until its synchronisations ran, so turns reserved there waited for a connection none would give
 * back, {@code connection-timeout} long, and their notices were left to the sweep. This context's sweep waits a minute;
 * the other contexts' sweeps on the same database send through their own channels, not this one's.
 */
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=3000",
		"securecart.notification.resend-interval=1m", "securecart.notification.sweep-sends-per-second=1000" })
class AfterCommitPoolIT {

	private static final int RESTOCKS = 2;

	private static final int TOLD_EACH = 3;

	@Autowired
	NotificationDelivery delivery;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Clock clock;

	@MockitoSpyBean
	NotificationChannel channel;

	@Test
	void restocksCommittedAtOnceOnEveryPooledConnectionAreSentAfterTheirCommitEachOnce() throws Exception {
		String test = UUID.randomUUID().toString();
		CyclicBarrier everyConnectionHeld = new CyclicBarrier(RESTOCKS);
		try {
			try (ExecutorService listeners = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> restocks = IntStream.range(0, RESTOCKS)
					.<Future<?>>mapToObj(restock -> listeners.submit(() -> transactions.executeWithoutResult(status -> {
						List<UUID> told = IntStream.range(0, TOLD_EACH).mapToObj(n -> notice(test)).toList();
						delivery.sendAfterCommitWhileThereIsRoom(told);
						awaitTheOthers(everyConnectionHeld);
					})))
					.toList();
				for (Future<?> restock : restocks) {
					restock.get();
				}
			}

			await("every notice sent after its commit, by this instance").atMost(Duration.ofSeconds(10))
				.until(() -> callsPerNotification(test).size() == RESTOCKS * TOLD_EACH);
			assertThat(callsPerNotification(test)).allSatisfy((id, calls) -> assertThat(calls).as("calls for %s", id)
				.isOne());
		}
		finally {
			jdbc.sql("delete from notification where customer_id like :test").param("test", "%" + test).update();
		}
	}

	private UUID notice(String test) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into notification (id, event_id, customer_id, kind, message, created_at)
				values (:id, gen_random_uuid(), :customer, 'BACK_IN_STOCK', 'back', :at)""")
			.param("id", id)
			.param("customer", "pool-" + id + "-" + test)
			.param("at", Timestamp.from(clock.instant()))
			.update();
		return id;
	}

	private Map<UUID, Long> callsPerNotification(String test) {
		return Mockito.mockingDetails(channel)
			.getInvocations()
			.stream()
			.filter(call -> call.getMethod().getName().equals("send"))
			.map(call -> call.<Notification>getArgument(0))
			.filter(notification -> notification.getCustomerId().endsWith(test))
			.collect(Collectors.groupingBy(Notification::getId, Collectors.counting()));
	}

	private static void awaitTheOthers(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}
}
