package io.securecart.platform.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.PlatformDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's meters against real PostgreSQL and the local broker, and their names in Prometheus' format as the
 * generated alerting rules (io.securecart.provisioner.PrometheusRules) select them.
 */
@ServiceIntegrationTest
class MetricsIT {

	static {
		PlatformDatabase.ensureExists();
	}

	private static final String DLQ = "notification-order-events-dlq";

	private static TestMessaging messaging;

	@Autowired
	MetricsSampler sampler;

	@Autowired
	MeterRegistry meters;

	@Autowired
	PrometheusMeterRegistry prometheus;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.purge(DLQ);
		messaging.close();
	}

	@Test
	void aMessageWaitingInADeadLetterQueueShowsItsDepthAndItsAgeFromTheBroker() {
		messaging.purge(DLQ);
		messaging.sendRaw(DLQ, "PaymentDeclined", "{\"parked\": true}", null, null);

		await("the DLQ's depth and the message's age").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			sampler.sampleOnce();
			assertThat(queueGauge(QueueMetrics.VISIBLE, DLQ, "dead-letter")).isEqualTo(1);
			assertThat(queueGauge(QueueMetrics.OLDEST_AGE, DLQ, "dead-letter")).isGreaterThanOrEqualTo(2);
		});
		assertThat(prometheus.scrape()).containsPattern(
				"securecart_queue_visible_messages\\{application=\"platform-test\",kind=\"dead-letter\",queue=\""
						+ DLQ + "\"} 1")
			.contains("securecart_queue_oldest_message_age_seconds{application=\"platform-test\",kind=\"queue\",queue=\""
					+ MessagingNames.ORDERS_QUEUE + "\"}");

		messaging.purge(DLQ);
		await("an empty queue is 0 messages, 0 s old").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			sampler.sampleOnce();
			assertThat(queueGauge(QueueMetrics.VISIBLE, DLQ, "dead-letter")).isZero();
			assertThat(queueGauge(QueueMetrics.OLDEST_AGE, DLQ, "dead-letter")).isZero();
		});
	}

	@Test
	void theOutboxBacklogIsItsPendingRowsAndTheAgeOfTheOldestPerDestination() {
		String destination = "metrics-it-" + UUID.randomUUID();
		// Rows not due for an hour: the relay leaves them alone, as it would while the broker is unreachable. The
		// older one the broker refused for good: set aside, and still pending.
		for (int minutesAgo : new int[] { 5, 1 }) {
			jdbc.sql("""
					insert into outbox_message (id, destination_kind, destination, event_type, payload, created_at,
					                            next_attempt_at, set_aside_at)
					values (:id, 'TOPIC', :destination, 'PaymentDeclined', '{}', now() - make_interval(mins => :ago),
					        now() + interval '1 hour', case when :ago = 5 then now() end)""")
				.param("id", UUID.randomUUID())
				.param("destination", destination)
				.param("ago", minutesAgo)
				.update();
		}
		try {
			sampler.sampleOnce();
			assertThat(meters.get(OutboxMetrics.PENDING).tag("destination", destination).gauge().value()).isEqualTo(2);
			assertThat(meters.get(OutboxMetrics.SET_ASIDE).tag("destination", destination).gauge().value()).isOne();
			assertThat(meters.get(OutboxMetrics.OLDEST_AGE).tag("destination", destination).gauge().value())
				.isBetween(300.0, 330.0);
			assertThat(prometheus.scrape()).contains("securecart_outbox_oldest_pending_age_seconds{application=\"platform-test\",destination=\"" + destination + "\"}");
		}
		finally {
			jdbc.sql("delete from outbox_message where destination = :destination")
				.param("destination", destination)
				.update();
		}
		sampler.sampleOnce();
		assertThat(meters.get(OutboxMetrics.PENDING).tag("destination", destination).gauge().value()).isZero();
		assertThat(meters.get(OutboxMetrics.OLDEST_AGE).tag("destination", destination).gauge().value()).isZero();
		assertThat(meters.get(OutboxMetrics.SET_ASIDE).tag("destination", destination).gauge().value()).isZero();
	}

	@Test
	void everyListenerIsMeasuredWithoutBeingToldTo() {
		double before = processed(MessagingNames.NOTIFICATION_QUEUE);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(),
				"metrics-it-" + UUID.randomUUID(), "insufficient funds", Instant.now()));

		await("the listener's processed count").atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(processed(MessagingNames.NOTIFICATION_QUEUE)).isEqualTo(before + 1));
		assertThat(meters.get(ListenerMetrics.RECEIVED).tag("queue", MessagingNames.NOTIFICATION_QUEUE).counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	private double processed(String queue) {
		var timer = meters.find(ListenerMetrics.PROCESSING).tag("queue", queue).tag("outcome", "processed").timer();
		return timer == null ? 0 : timer.count();
	}

	private double queueGauge(String name, String queue, String kind) {
		return meters.get(name).tag("queue", queue).tag("kind", kind).gauge().value();
	}
}
