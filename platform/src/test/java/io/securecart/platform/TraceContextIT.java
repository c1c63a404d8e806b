package io.securecart.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.dlq.DeadLetterMessage;
import io.securecart.platform.dlq.DeadLetterQueues;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace context of the span that writes an outbox row survives the row, the relay and SNS's fan-out to SQS as the
 * {@code traceparent} attribute, unchanged on every redelivery, in the dead-letter queue and after a redrive. The
 * services' own wiring (OpenTelemetry through Micrometer Tracing, W3C), real PostgreSQL and moto. That the relay's
 * span is the writer's child is AwsMessagePublisherTracingTest's.
 */
@ServiceIntegrationTest
class TraceContextIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Autowired
	Tracer tracer;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DeadLetterQueues deadLetterQueues;

	@Autowired
	PlatformTestApplication.RecordingService service;

	@Autowired
	PlatformTestApplication.PoisonedCustomers poisoned;

	@Autowired
	PlatformTestApplication.Listeners listeners;

	@Test
	void theWritersTraceTravelsThroughTheRowTheRelayRedeliveriesTheDeadLetterQueueAndARedrive() {
		String customer = "traced-poison-" + UUID.randomUUID();
		poisoned.poison(customer);
		PaymentDeclined event = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customer, "card_declined",
				Instant.now());

		Span writer = tracer.nextSpan().name("handle request").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(writer)) {
			service.recordAndPublish(event, false);
		}
		finally {
			writer.end();
		}

		String stored = jdbc.sql("select traceparent from outbox_message where id = :id")
			.param("id", event.eventId())
			.query(String.class)
			.single();
		assertThat(stored).startsWith("00-%s-%s-".formatted(writer.context().traceId(), writer.context().spanId()));
		// The listener fails it (poisoned) on every delivery: SQS redelivers it until it moves it to the DLQ.
		DeadLetterMessage dead = await().atMost(Duration.ofSeconds(60))
			.until(() -> deadLetterQueues.messages(MessagingNames.NOTIFICATION_QUEUE, 10)
				.stream()
				.filter(message -> message.body().contains(event.eventId().toString()))
				.findFirst()
				.orElse(null), message -> message != null);
		String delivered = dead.messageAttributes().get(MessagingNames.TRACEPARENT_ATTRIBUTE);
		assertThat(delivered).as("the relay's span: in the writer's trace, its own id")
			.startsWith("00-" + writer.context().traceId() + "-")
			.doesNotContain(writer.context().spanId());
		assertThat(dead.messageAttributes()).containsEntry(MessagingNames.ORDER_ID_ATTRIBUTE, event.orderId().toString())
			.containsEntry(MessagingNames.EVENT_TYPE_ATTRIBUTE, "PaymentDeclined");
		assertThat(listeners.traceparents.get(event.eventId())).as("every delivery, redeliveries included")
			.hasSizeGreaterThanOrEqualTo(2)
			.containsOnly(delivered);
		int deliveriesBeforeRedrive = listeners.traceparents.get(event.eventId()).size();

		poisoned.cure(customer);
		assertThat(deadLetterQueues.redriveOne(MessagingNames.NOTIFICATION_QUEUE, dead.messageId()).moved())
			.isEqualTo(1);

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(listeners.traceparents.get(event.eventId()))
				.hasSizeGreaterThan(deliveriesBeforeRedrive));
		assertThat(listeners.traceparents.get(event.eventId())).as("after the redrive too").containsOnly(delivered);
	}
}
