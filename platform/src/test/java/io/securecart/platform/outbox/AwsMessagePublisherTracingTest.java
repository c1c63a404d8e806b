package io.securecart.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.tracing.RecordingTracing;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The relay continues the trace a row was written in: each message goes out in a producer span whose parent is the
 * writer's span, and carries that producer span's {@code traceparent} (a message attribute on SQS and SNS, a field of
 * the detail on EventBridge, which the consumer's codec ignores), next to its {@code orderId}.
 */
class AwsMessagePublisherTracingTest {

	private final RecordingTracing tracing = new RecordingTracing();

	private final SnsClient sns = mock(SnsClient.class);

	private final SqsAsyncClient sqs = mock(SqsAsyncClient.class);

	private final EventBridgeClient events = mock(EventBridgeClient.class);

	private final MessagingDestinations destinations = mock(MessagingDestinations.class);

	private final AwsMessagePublisher publisher = new AwsMessagePublisher(sns, sqs, events, destinations,
			Duration.ofSeconds(1), tracing.messageTracing(), ClaimChecks.passingThrough());

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@Test
	void aQueueMessageCarriesTheRelaysSpanWhoseParentWroteTheRow() {
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));
		Span writer = tracing.tracer().nextSpan().name("POST /api/orders").start();
		OutboxMessage row = row(OutboxMessage.Kind.FIFO_QUEUE, "orders.fifo", writtenIn(writer));

		assertThat(publisher.publish(List.of(row))).isEmpty();

		SendMessageBatchRequestEntry sent = sentToSqs(1).getFirst();
		SpanData producer = producerSpans().getFirst();
		assertThat(producer.getParentSpanId()).isEqualTo(writer.context().spanId());
		assertThat(producer.getTraceId()).isEqualTo(writer.context().traceId());
		assertThat(producer.getAttributes().asMap().toString()).contains("orderId=" + row.orderId());
		assertThat(sent.messageAttributes().get(MessagingNames.TRACEPARENT_ATTRIBUTE).stringValue())
			.startsWith("00-%s-%s-".formatted(producer.getTraceId(), producer.getSpanId()));
		assertThat(sent.messageAttributes().get(MessagingNames.ORDER_ID_ATTRIBUTE).stringValue())
			.isEqualTo(row.orderId());
		assertThat(sent.messageAttributes()).as("well within SQS's ten attributes").hasSize(3);
	}

	@Test
	void aTopicMessageCarriesItThroughSnsToo() {
		given(destinations.topicArn("order-events")).willReturn("arn:aws:sns:us-east-1:000000000000:order-events");
		given(sns.publishBatch(any(PublishBatchRequest.class))).willReturn(PublishBatchResponse.builder().build());
		Span writer = tracing.tracer().nextSpan().name("orders.fifo receive").start();
		OutboxMessage row = row(OutboxMessage.Kind.TOPIC, "order-events", writtenIn(writer));

		publisher.publish(List.of(row));

		ArgumentCaptor<PublishBatchRequest> request = ArgumentCaptor.forClass(PublishBatchRequest.class);
		verify(sns).publishBatch(request.capture());
		SpanData producer = producerSpans().getFirst();
		assertThat(producer.getParentSpanId()).isEqualTo(writer.context().spanId());
		assertThat(request.getValue().publishBatchRequestEntries().getFirst().messageAttributes())
			.containsKeys(MessagingNames.EVENT_TYPE_ATTRIBUTE, MessagingNames.ORDER_ID_ATTRIBUTE)
			.hasEntrySatisfying(MessagingNames.TRACEPARENT_ATTRIBUTE, value -> assertThat(value.stringValue())
				.startsWith("00-%s-%s-".formatted(producer.getTraceId(), producer.getSpanId())));
	}

	@Test
	void anEventOnTheBusCarriesItInItsDetailWhichTheConsumerDecodesToTheSameEvent() {
		given(events.putEvents(any(PutEventsRequest.class)))
			.willReturn(PutEventsResponse.builder().failedEntryCount(0).build());
		Span writer = tracing.tracer().nextSpan().name("POST /api/orders").start();
		OutboxMessage row = row(OutboxMessage.Kind.EVENT_BUS, "securecart", writtenIn(writer));

		publisher.publish(List.of(row));

		ArgumentCaptor<PutEventsRequest> request = ArgumentCaptor.forClass(PutEventsRequest.class);
		verify(events).putEvents(request.capture());
		String detail = request.getValue().entries().getFirst().detail();
		SpanData producer = producerSpans().getFirst();
		assertThat(producer.getParentSpanId()).isEqualTo(writer.context().spanId());
		assertThat(detail).contains("\"traceparent\":\"00-%s-%s-".formatted(producer.getTraceId(),
				producer.getSpanId()));
		String envelope = """
				{"version":"0","detail-type":"PaymentDeclined","source":"securecart.test","detail":%s}"""
			.formatted(detail);
		assertThat(codec.decodeEventBridgeEvent(envelope)).contains(codec.decode("PaymentDeclined", row.payload()));
	}

	@Test
	void aRowRetriedAfterAFailedSendStaysInTheWritersTrace() {
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		Span writer = tracing.tracer().nextSpan().name("POST /api/orders").start();
		OutboxMessage row = row(OutboxMessage.Kind.FIFO_QUEUE, "orders.fifo", writtenIn(writer));
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder()
				.failed(BatchResultErrorEntry.builder()
					.id(row.id().toString())
					.code("InternalError")
					.message("try again")
					.senderFault(false)
					.build())
				.build()))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));

		assertThat(publisher.publish(List.of(row))).containsOnlyKeys(row.id());
		assertThat(publisher.publish(List.of(row))).isEmpty();

		assertThat(producerSpans()).hasSize(2).allSatisfy(producer -> {
			assertThat(producer.getTraceId()).isEqualTo(writer.context().traceId());
			assertThat(producer.getParentSpanId()).isEqualTo(writer.context().spanId());
		});
		assertThat(producerSpans().getFirst().getAttributes().asMap().toString()).contains("InternalError");
		assertThat(sentToSqs(2)).extracting(entry -> entry.messageAttributes()
			.get(MessagingNames.TRACEPARENT_ATTRIBUTE)
			.stringValue()
			.split("-")[1]).containsOnly(writer.context().traceId());
	}

	@Test
	void aRowWrittenOutsideATraceStartsOne() {
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));

		publisher.publish(List.of(row(OutboxMessage.Kind.FIFO_QUEUE, "orders.fifo", null)));

		SpanData producer = producerSpans().getFirst();
		assertThat(producer.getParentSpanContext().isValid()).isFalse();
		assertThat(sentToSqs(1).getFirst().messageAttributes().get(MessagingNames.TRACEPARENT_ATTRIBUTE).stringValue())
			.contains(producer.getTraceId());
	}

	/** What the outbox stores: the traceparent of the span current while the row is written. */
	private String writtenIn(Span writer) {
		try (Tracer.SpanInScope scope = tracing.tracer().withSpan(writer)) {
			return tracing.messageTracing().currentTraceparent();
		}
	}

	private OutboxMessage row(OutboxMessage.Kind kind, String destination, String traceparent) {
		OrderEvent event = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "customer-1", "card_declined",
				Instant.parse("2026-11-30T12:00:00Z"));
		return new OutboxMessage(event.eventId(), kind, destination, event.eventType(), codec.encode(event),
				kind == OutboxMessage.Kind.EVENT_BUS ? "securecart.test" : "customer-1", event.orderId().toString(), 0,
				traceparent, event.orderId().toString());
	}

	private List<SpanData> producerSpans() {
		return tracing.ended().stream().filter(span -> span.getKind() == SpanKind.PRODUCER).toList();
	}

	private List<SendMessageBatchRequestEntry> sentToSqs(int requests) {
		ArgumentCaptor<SendMessageBatchRequest> request = ArgumentCaptor.forClass(SendMessageBatchRequest.class);
		verify(sqs, times(requests)).sendMessageBatch(request.capture());
		return request.getAllValues().stream().flatMap(each -> each.entries().stream()).toList();
	}
}
