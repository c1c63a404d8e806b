package io.securecart.platform.tracing;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code orderId} is in the log context exactly while the work about the order runs, never after it. */
class OrderLogContextTest {

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final RecordingTracing tracing = new RecordingTracing();

	OrderLogContextTest() {
		registry.observationConfig().observationHandler(new OrderLogContext());
	}

	@AfterEach
	void clean() {
		MDC.clear();
	}

	@Test
	void aListenerLogsTheOrderItsMessageNamesUntilItIsDoneNestedWorkIncluded() {
		String orderId = UUID.randomUUID().toString();
		Message<String> message = MessageBuilder.withPayload("{}")
			.setHeader(SqsHeaders.SQS_QUEUE_NAME_HEADER, "payment-order-events")
			.setHeader("orderId", orderId)
			.build();
		AtomicReference<String> inListener = new AtomicReference<>();
		AtomicReference<String> afterNestedCall = new AtomicReference<>();

		Observation.createNotStarted("listener", () -> new SqsListenerObservation.Context(message), registry)
			.observe(() -> {
				inListener.set(MDC.get("orderId"));
				Observation.createNotStarted("http client", registry).observe(() -> {
				});
				afterNestedCall.set(MDC.get("orderId"));
			});

		assertThat(inListener.get()).isEqualTo(orderId);
		assertThat(afterNestedCall.get()).isEqualTo(orderId);
		assertThat(MDC.get("orderId")).as("after the message").isNull();
	}

	@Test
	void anOrderTaggedDuringARequestIsLoggedAndTaggedUntilTheRequestEnds() {
		UUID orderId = UUID.randomUUID();
		Tracer tracer = tracing.tracer();
		AtomicReference<String> logged = new AtomicReference<>();
		Span request = tracer.nextSpan().name("http post /api/orders").start();

		Observation.createNotStarted("request", registry).observe(() -> {
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				tracing.messageTracing().tagOrder(orderId);
				logged.set(MDC.get("orderId"));
			}
		});
		request.end();

		assertThat(logged.get()).isEqualTo(orderId.toString());
		assertThat(MDC.get("orderId")).as("after the request").isNull();
		assertThat(tracing.ended()).singleElement()
			.satisfies(span -> assertThat(span.getAttributes().asMap().toString()).contains("orderId=" + orderId));
	}

	@Test
	void outsideASpanNothingIsLeftInTheLogContext() {
		tracing.messageTracing().tagOrder(UUID.randomUUID());

		assertThat(MDC.get("orderId")).isNull();
	}
}
