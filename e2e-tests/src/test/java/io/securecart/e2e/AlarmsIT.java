package io.securecart.e2e;

import java.time.Duration;
import java.util.List;

import io.securecart.contracts.MessagingNames;
import io.securecart.provisioner.Alarm;
import io.securecart.provisioner.PrometheusConfiguration;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The declared alarms, evaluated by a real Prometheus over the running services' metrics: a poison message makes
 * "dead-letter queue not empty" fire for its DLQ; a stopped payment-service makes "oldest message too old" fire on
 * orders.fifo within the alarm's threshold and period, and clear once payment is back and has drained the queue.
 * Thresholds and periods are the declaration's own (infra/topology.json); the waits allow them plus Prometheus'
 * scrape and evaluation interval and the services' sampling interval (10 s each).
 */
class AlarmsIT {

	private static final Logger log = LoggerFactory.getLogger(AlarmsIT.class);

	/** Sampling (10 s), scraping (10 s) and evaluating (10 s) each add up to one interval of delay. */
	private static final Duration PIPELINE = Duration.ofSeconds(3L * PrometheusConfiguration.INTERVAL_SECONDS);

	private final RunningSystem system = RunningSystem.get();

	private final Shopper shopper = new Shopper(system);

	@Test
	void aPoisonMessageAndAStoppedConsumerRaiseTheirAlarmsAndARestartClearsIt() {
		LocalPrometheus prometheus = system.prometheus();
		Alarm deadLetters = declared("deadLetterQueue", "visibleMessages");
		Alarm oldestMessage = declared("queue", "oldestMessageAgeSeconds");
		String deadLetterQueue = "notification-order-events-dlq";

		await("every service scraped with Prometheus' own token").atMost(PIPELINE)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(prometheus.unhealthyTargets()).isEmpty());
		// Whatever an earlier test left in this DLQ must not be what fires the alarm.
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			messaging.purge(deadLetterQueue);
		}
		await("the DLQ seen empty and its alarm quiet before the poison")
			.atMost(PIPELINE.plusSeconds(deadLetters.periodSeconds()))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> prometheus.value("max(securecart_queue_visible_messages{queue=\"" + deadLetterQueue + "\"})") == 0
					&& !prometheus.active(deadLetters.name(), "queue", deadLetterQueue));
		assertThat(prometheus.active(oldestMessage.name(), "queue", MessagingNames.ORDERS_QUEUE))
			.as("before payment stops")
			.isFalse();

		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			messaging.sendRaw(MessagingNames.NOTIFICATION_QUEUE, "PaymentAuthorized",
					"{\"poison\": \"" + RunningSystem.RUN + "-alarms\"", null, null);
			system.kill(Service.PAYMENT);
			long stopped = System.nanoTime();
			Shopper.Response placed = shopper.placeOrder(system.newCustomer(), "tok_visa", "SC-MUG-002", 1);
			assertThat(placed.status()).as("checkout accepts the order while payment is down").isEqualTo(202);
			try {
				// The poison is received maxReceiveCount (5) times, backed off 1+2+4+8 s, then dead-lettered.
				await("'" + deadLetters.name() + "' fires for " + deadLetterQueue)
					.atMost(Duration.ofSeconds(30).plus(PIPELINE).plusSeconds(deadLetters.periodSeconds()))
					.pollInterval(Duration.ofSeconds(2))
					.until(() -> prometheus.firing(deadLetters.name(), "queue", deadLetterQueue));

				Duration within = Duration.ofSeconds((long) oldestMessage.threshold() + oldestMessage.periodSeconds())
					.plus(PIPELINE);
				await("'" + oldestMessage.name() + "' fires for orders.fifo while payment is down").atMost(within)
					.pollInterval(Duration.ofSeconds(2))
					.until(() -> prometheus.firing(oldestMessage.name(), "queue", MessagingNames.ORDERS_QUEUE));
				log.info("ALARMS '{}' fired {} s after payment-service stopped (threshold {} s, period {} s)",
						oldestMessage.name(), Duration.ofNanos(System.nanoTime() - stopped).toSeconds(),
						(long) oldestMessage.threshold(), oldestMessage.periodSeconds());
			}
			finally {
				system.restart(Service.PAYMENT);
			}
			long restarted = System.nanoTime();
			shopper.awaitTerminal(placed.orderId());
			await("'" + oldestMessage.name() + "' clears once payment drained orders.fifo")
				.atMost(Duration.ofSeconds(oldestMessage.periodSeconds()).plus(PIPELINE).plusSeconds(10))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> !prometheus.active(oldestMessage.name(), "queue", MessagingNames.ORDERS_QUEUE));
			log.info("ALARMS '{}' cleared {} s after payment-service was ready again", oldestMessage.name(),
					Duration.ofNanos(System.nanoTime() - restarted).toSeconds());
		}
		finally {
			// Other tests (ChaosIT) count what waits in the DLQs: leave this test's poison nowhere.
			try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
				messaging.purge(deadLetterQueue);
			}
		}
	}

	private static Alarm declared(String each, String metric) {
		List<Alarm> matching = Alarm.declared()
			.stream()
			.filter(alarm -> alarm.each().equals(each) && alarm.metric().equals(metric))
			.toList();
		assertThat(matching).as("the declared alarm on %s %s", each, metric).hasSize(1);
		return matching.get(0);
	}
}
