package io.securecart.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.micrometer.tracing.Span;
import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.BoundedCalls;
import io.securecart.platform.messaging.ClaimCheck;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.tracing.MessageTracing;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes outbox rows with the plain AWS SDK clients that Spring Cloud AWS configures, in batches: the rows of one
 * relay round for the same destination go in one SNS {@code PublishBatch}, SQS {@code SendMessageBatch} or
 * EventBridge {@code PutEvents} request of up to ten. The broker's cost, and AWS's bill, is per request; a batch of
 * ten costs about what one message does.
 * Each entry succeeds or fails on its own, and a failed one is retried by the relay like any failed row.
 * <p>
 * Every request is bounded by {@code timeout} (the SDK's API call timeout, and a bounded wait on the async client):
 * the relay holds its rows' locks while it publishes, so a broker that hangs must cost a failed round, not a stuck
 * relay. A request that timed out may still have been delivered; the row is retried, and consumers deduplicate.
 * <p>
 * A message over the claim-check threshold is sent as a pointer to its payload in S3 ({@link ClaimCheck}, ADR 16).
 */
class AwsMessagePublisher implements MessagePublisher {

	/** The most entries SNS and SQS take in one batch request. */
	static final int MAX_ENTRIES = 10;

	/** Well under SNS's 256 KiB for a whole batch (SQS takes 1 MiB). */
	static final int MAX_BATCH_BYTES = 200 * 1024;

	private final SnsClient sns;

	private final SqsAsyncClient sqs;

	private final EventBridgeClient events;

	private final MessagingDestinations destinations;

	private final Duration timeout;

	private final MessageTracing tracing;

	private final ClaimCheck claimCheck;

	private final JsonMapper json = JsonMapper.builder().build();

	AwsMessagePublisher(SnsClient sns, SqsAsyncClient sqs, EventBridgeClient events,
			MessagingDestinations destinations, Duration timeout, MessageTracing tracing, ClaimCheck claimCheck) {
		this.sns = sns;
		this.sqs = sqs;
		this.events = events;
		this.destinations = destinations;
		this.timeout = timeout;
		this.tracing = tracing;
		this.claimCheck = claimCheck;
	}

	/**
	 * Each message is sent inside a producer span whose parent is the span that wrote its row, and carries that
	 * producer span's {@code traceparent}: the listener's span becomes its child.
	 */
	@Override
	public Map<UUID, PublishFailure> publish(List<OutboxMessage> messages) {
		Map<UUID, PublishFailure> failures = new LinkedHashMap<>();
		for (List<OutboxMessage> batch : batches(messages)) {
			Map<UUID, Span> spans = new HashMap<>();
			batch.forEach(message -> spans.put(message.id(), producerSpan(message)));
			try {
				failures.putAll(switch (batch.getFirst().kind()) {
					case TOPIC -> publishToTopic(batch, spans);
					case FIFO_QUEUE, QUEUE -> sendToQueue(batch, spans);
					case EVENT_BUS -> putOnEventBus(batch, spans);
				});
			}
			catch (RuntimeException ex) {
				String reason = (ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex)
					.toString();
				batch.forEach(message -> failures.put(message.id(), PublishFailure.retryable(reason)));
			}
			finally {
				spans.forEach((id, span) -> {
					if (failures.containsKey(id)) {
						span.tag("error", failures.get(id).reason());
					}
					span.end();
				});
			}
		}
		return failures;
	}

	private Span producerSpan(OutboxMessage message) {
		Span span = tracing.startSpan(message.traceparent(), Span.Kind.PRODUCER, "publish " + message.eventType());
		span.remoteServiceName(switch (message.kind()) {
			case TOPIC -> "sns";
			case FIFO_QUEUE, QUEUE -> "sqs";
			case EVENT_BUS -> "eventbridge";
		});
		span.tag("messaging.destination.name", message.destination());
		if (message.orderId() != null) {
			span.tag(MessageTracing.ORDER_ID, message.orderId());
		}
		return span;
	}

	/**
	 * A message's attributes: its {@code eventType} (filter policies match it), the producer span's
	 * {@code traceparent} and its {@code orderId}. Three of the ten SQS allows; SNS passes them on with raw delivery.
	 */
	static Map<String, String> attributes(OutboxMessage message, String traceparent) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put(MessagingNames.EVENT_TYPE_ATTRIBUTE, message.eventType());
		if (traceparent != null) {
			attributes.put(MessagingNames.TRACEPARENT_ATTRIBUTE, traceparent);
		}
		if (message.orderId() != null) {
			attributes.put(MessagingNames.ORDER_ID_ATTRIBUTE, message.orderId());
		}
		return attributes;
	}

	/** The body and attributes to send: the row's, or over the threshold a pointer to its payload in S3. */
	private ClaimCheck.Outgoing outgoing(OutboxMessage message, Span span) {
		return claimCheck.outgoing(payloadKey(message), message.payload(),
				attributes(message, tracing.traceparentOf(span)));
	}

	/**
	 * Where a large payload is stored: under its destination, so that a task role may read only what its own queues
	 * receive (infra/cdk), and the row's id, so that a retried publish overwrites the same object.
	 */
	static String payloadKey(OutboxMessage message) {
		return message.destination() + "/" + message.id();
	}

	/** EventBridge has no message attributes: the trace context rides in the detail, which the codec ignores. */
	String detailWithTraceContext(OutboxMessage message, String traceparent) {
		if (traceparent == null) {
			return message.payload();
		}
		ObjectNode detail = (ObjectNode) json.readTree(message.payload());
		detail.put(MessagingNames.TRACEPARENT_ATTRIBUTE, traceparent);
		return json.writeValueAsString(detail);
	}

	/**
	 * The messages grouped by destination, in the order of their first message, each group in its own order and cut
	 * into batches the broker accepts. For a FIFO queue the order within a batch is the order of delivery.
	 */
	static List<List<OutboxMessage>> batches(List<OutboxMessage> messages) {
		Map<String, List<OutboxMessage>> byDestination = new LinkedHashMap<>();
		messages.forEach(message -> byDestination
			.computeIfAbsent(message.kind() + " " + message.destination(), key -> new ArrayList<>())
			.add(message));
		List<List<OutboxMessage>> batches = new ArrayList<>();
		for (List<OutboxMessage> group : byDestination.values()) {
			List<OutboxMessage> batch = new ArrayList<>();
			int bytes = 0;
			for (OutboxMessage message : group) {
				int size = message.payload().getBytes(StandardCharsets.UTF_8).length;
				if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
					batches.add(batch);
					batch = new ArrayList<>();
					bytes = 0;
				}
				batch.add(message);
				bytes += size;
			}
			batches.add(batch);
		}
		return batches;
	}

	/** Entry ids are the rows' ids, so that the broker's answer says which rows failed. */
	private Map<UUID, PublishFailure> publishToTopic(List<OutboxMessage> batch, Map<UUID, Span> spans) {
		String topicArn = destinations.topicArn(batch.getFirst().destination());
		List<PublishBatchRequestEntry> entries = batch.stream()
			.map(message -> {
				ClaimCheck.Outgoing outgoing = outgoing(message, spans.get(message.id()));
				return PublishBatchRequestEntry.builder()
					.id(message.id().toString())
					.message(outgoing.body())
					.messageAttributes(snsAttributes(outgoing.attributes()))
					.build();
			})
			.toList();
		Map<UUID, PublishFailure> failures = new LinkedHashMap<>();
		sns.publishBatch(PublishBatchRequest.builder()
			.topicArn(topicArn)
			.publishBatchRequestEntries(entries)
			.overrideConfiguration(override -> override.apiCallTimeout(timeout))
			.build())
			.failed()
			.forEach(failed -> failures.put(UUID.fromString(failed.id()),
					PublishFailure.of(failed.code(), failed.message(), failed.senderFault())));
		return failures;
	}

	private static Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes(
			Map<String, String> attributes) {
		Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> values = new LinkedHashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
					.dataType(dataType(name))
					.stringValue(value)
					.build()));
		return values;
	}

	private static Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> sqsAttributes(
			Map<String, String> attributes) {
		Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> values = new LinkedHashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
					.dataType(dataType(name))
					.stringValue(value)
					.build()));
		return values;
	}

	/** The payload size is a Number, as AWS's extended clients send it; everything else is a String. */
	private static String dataType(String attribute) {
		return MessagingNames.EXTENDED_PAYLOAD_SIZE_ATTRIBUTE.equals(attribute) ? "Number" : "String";
	}

	/**
	 * A FIFO queue's rows carry their group and deduplication ids; a standard queue's have none (null: not sent), and
	 * may carry a delivery delay (a FIFO queue has only its queue's).
	 */
	private Map<UUID, PublishFailure> sendToQueue(List<OutboxMessage> batch, Map<UUID, Span> spans) {
		String queueUrl = destinations.queueUrl(batch.getFirst().destination());
		List<SendMessageBatchRequestEntry> entries = batch.stream()
			.map(message -> {
				ClaimCheck.Outgoing outgoing = outgoing(message, spans.get(message.id()));
				return SendMessageBatchRequestEntry.builder()
					.id(message.id().toString())
					.messageBody(outgoing.body())
					.messageGroupId(message.groupId())
					.messageDeduplicationId(message.dedupId())
					.delaySeconds(message.delaySeconds())
					.messageAttributes(sqsAttributes(outgoing.attributes()))
					.build();
			})
			.toList();
		Map<UUID, PublishFailure> failures = new LinkedHashMap<>();
		bounded(sqs.sendMessageBatch(SendMessageBatchRequest.builder()
			.queueUrl(queueUrl)
			.entries(entries)
			.overrideConfiguration(override -> override.apiCallTimeout(timeout))
			.build()))
			.failed()
			.forEach(failed -> failures.put(UUID.fromString(failed.id()),
					PublishFailure.of(failed.code(), failed.message(), failed.senderFault())));
		return failures;
	}

	/** The SDK's own timeout should fire first; this wait is the backstop. */
	private <T> T bounded(java.util.concurrent.CompletableFuture<T> call) {
		return BoundedCalls.await(call, timeout.plusSeconds(1), "SQS");
	}

	/**
	 * PutEvents answers one result per entry, in the order of the entries; an entry with an error code failed
	 * ({@code FailedEntryCount} counts them) and is retried by the relay, the others were accepted.
	 */
	private Map<UUID, PublishFailure> putOnEventBus(List<OutboxMessage> batch, Map<UUID, Span> spans) {
		String bus = batch.getFirst().destination();
		List<PutEventsRequestEntry> entries = batch.stream()
			.map(message -> PutEventsRequestEntry.builder()
				.eventBusName(bus)
				.source(message.groupId())
				.detailType(message.eventType())
				.detail(claimCheck.eventBridgeDetail(payloadKey(message), message.groupId(), message.eventType(),
						detailWithTraceContext(message, tracing.traceparentOf(spans.get(message.id())))))
				.build())
			.toList();
		PutEventsResponse answer = events.putEvents(PutEventsRequest.builder()
			.entries(entries)
			.overrideConfiguration(override -> override.apiCallTimeout(timeout))
			.build());
		Map<UUID, PublishFailure> failures = new LinkedHashMap<>();
		if (answer.failedEntryCount() == null || answer.failedEntryCount() == 0) {
			return failures;
		}
		List<PutEventsResultEntry> results = answer.entries();
		for (int i = 0; i < batch.size(); i++) {
			PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
			if (result == null || result.errorCode() != null) {
				// PutEvents says no more than a code: every failed entry is retried.
				failures.put(batch.get(i).id(), PublishFailure.retryable(result == null ? "no result for entry " + i
						: result.errorCode() + ": " + result.errorMessage()));
			}
		}
		return failures;
	}
}
