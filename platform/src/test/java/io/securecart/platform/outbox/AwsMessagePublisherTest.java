package io.securecart.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.securecart.platform.tracing.MessageTracing;
import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.MessagingDestinations;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The relay's batches: one request per destination and up to ten rows, each row succeeding or failing on its own. */
class AwsMessagePublisherTest {

	private final SnsClient sns = mock(SnsClient.class);

	private final SqsAsyncClient sqs = mock(SqsAsyncClient.class);

	private final MessagingDestinations destinations = mock(MessagingDestinations.class);

	private final EventBridgeClient events = mock(EventBridgeClient.class);

	private final AwsMessagePublisher publisher = new AwsMessagePublisher(sns, sqs, events, destinations,
			Duration.ofMillis(300), MessageTracing.disabled(), ClaimChecks.passingThrough());

	@Test
	void groupsRowsByDestinationKeepingTheirOrderInBatchesOfTen() {
		List<OutboxMessage> rows = new ArrayList<>();
		IntStream.range(0, 23).forEach(i -> rows.add(i == 3 || i == 17 ? fifo("orders.fifo") : topic("order-events")));

		List<List<OutboxMessage>> batches = AwsMessagePublisher.batches(rows);

		List<OutboxMessage> toTopic = rows.stream().filter(row -> row.kind() == OutboxMessage.Kind.TOPIC).toList();
		List<OutboxMessage> toQueue = rows.stream().filter(row -> row.kind() == OutboxMessage.Kind.FIFO_QUEUE).toList();
		assertThat(batches).containsExactly(toTopic.subList(0, 10), toTopic.subList(10, 20), toTopic.subList(20, 21),
				toQueue);
	}

	@Test
	void failsTheRowsOfARequestTheBrokerNeverAnswersInsteadOfWaitingForever() {
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class))).willReturn(new CompletableFuture<>());
		OutboxMessage row = fifo("orders.fifo");

		long started = System.nanoTime();
		Map<UUID, PublishFailure> failures = publisher.publish(List.of(row));

		assertThat(failures).containsOnlyKeys(row.id());
		assertThat(failures.get(row.id()).reason()).contains("did not answer");
		assertThat(failures.get(row.id()).refusedForGood()).as("a timeout is retried").isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void boundsEveryRequestWithAnApiCallTimeout() {
		given(destinations.topicArn("order-events")).willReturn("arn:aws:sns:us-east-1:000000000000:order-events");
		given(sns.publishBatch(any(PublishBatchRequest.class))).willReturn(PublishBatchResponse.builder().build());
		ArgumentCaptor<PublishBatchRequest> request = ArgumentCaptor.forClass(PublishBatchRequest.class);

		publisher.publish(List.of(topic("order-events")));

		verify(sns).publishBatch(request.capture());
		assertThat(request.getValue().overrideConfiguration())
			.hasValueSatisfying(override -> assertThat(override.apiCallTimeout()).contains(Duration.ofMillis(300)));
	}

	@Test
	void startsANewBatchBeforeItWouldBeTooLargeForTheBroker() {
		String large = "x".repeat(90 * 1024);
		List<OutboxMessage> rows = List.of(topic("order-events", large), topic("order-events", large),
				topic("order-events", large));

		assertThat(AwsMessagePublisher.batches(rows)).extracting(List::size).containsExactly(2, 1);
	}

	@Test
	void publishesABatchInOneRequestAndReportsOnlyTheEntriesTheBrokerRefused() {
		given(destinations.topicArn("order-events")).willReturn("arn:aws:sns:us-east-1:000000000000:order-events");
		OutboxMessage first = topic("order-events");
		OutboxMessage refused = topic("order-events");
		OutboxMessage third = topic("order-events");
		given(sns.publishBatch(any(PublishBatchRequest.class))).willReturn(PublishBatchResponse.builder()
			.failed(BatchResultErrorEntry.builder()
				.id(refused.id().toString())
				.code("InternalError")
				.message("try again")
				.senderFault(false)
				.build())
			.build());

		Map<UUID, PublishFailure> failures = publisher.publish(List.of(first, refused, third));

		assertThat(failures).containsOnlyKeys(refused.id())
			.containsEntry(refused.id(), PublishFailure.retryable("InternalError: try again"));
		ArgumentCaptor<PublishBatchRequest> request = ArgumentCaptor.forClass(PublishBatchRequest.class);
		verify(sns).publishBatch(request.capture());
		assertThat(request.getValue().topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:order-events");
		assertThat(request.getValue().publishBatchRequestEntries()).hasSize(3).allSatisfy(entry -> assertThat(
				entry.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
			.isEqualTo("PaymentDeclined"));
	}

	@Test
	void anEntryRefusedAsTheSendersFaultIsReportedRefusedForGood() {
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		OutboxMessage fine = fifo("orders.fifo");
		OutboxMessage invalid = fifo("orders.fifo");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder()
				.failed(software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry.builder()
					.id(invalid.id().toString())
					.code("InvalidMessageContents")
					.message("Invalid characters found")
					.senderFault(true)
					.build())
				.build()));

		Map<UUID, PublishFailure> failures = publisher.publish(List.of(fine, invalid));

		assertThat(failures).containsOnlyKeys(invalid.id())
			.containsEntry(invalid.id(),
					new PublishFailure("InvalidMessageContents: Invalid characters found", true));
	}

	@Test
	void sendsFifoRowsWithTheirGroupAndDeduplicationIdsInTheirOrder() {
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));
		OutboxMessage one = fifo("orders.fifo");
		OutboxMessage two = fifo("orders.fifo");

		assertThat(publisher.publish(List.of(one, two))).isEmpty();

		ArgumentCaptor<SendMessageBatchRequest> request = ArgumentCaptor.forClass(SendMessageBatchRequest.class);
		verify(sqs).sendMessageBatch(request.capture());
		assertThat(request.getValue().entries()).extracting(SendMessageBatchRequestEntry::messageDeduplicationId)
			.containsExactly(one.dedupId(), two.dedupId());
		assertThat(request.getValue().entries()).extracting(SendMessageBatchRequestEntry::messageGroupId)
			.containsExactly("customer-1", "customer-1");
	}

	@Test
	void sendsStandardQueueRowsWithTheirEventTypeAndNoGroupOrDeduplicationId() {
		given(destinations.queueUrl("stock-level-changes")).willReturn("http://localhost/000000000000/stock-level-changes");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));
		OutboxMessage change = new OutboxMessage(UUID.randomUUID(), OutboxMessage.Kind.QUEUE, "stock-level-changes",
				"AvailableStockChanged", "{\"sku\":\"SC-MUG-002\"}", null, null, 0, null, null);

		assertThat(publisher.publish(List.of(change))).isEmpty();

		ArgumentCaptor<SendMessageBatchRequest> request = ArgumentCaptor.forClass(SendMessageBatchRequest.class);
		verify(sqs).sendMessageBatch(request.capture());
		assertThat(request.getValue().queueUrl()).endsWith("/stock-level-changes");
		assertThat(request.getValue().entries()).singleElement().satisfies(entry -> {
			assertThat(entry.messageBody()).isEqualTo(change.payload());
			assertThat(entry.messageGroupId()).isNull();
			assertThat(entry.messageDeduplicationId()).isNull();
			assertThat(entry.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
				.isEqualTo("AvailableStockChanged");
			assertThat(entry.messageAttributes()).doesNotContainKey(MessagingNames.ORDER_ID_ATTRIBUTE);
		});
	}

	@Test
	void sendsEachStandardQueueRowWithItsOwnDeliveryDelay() {
		given(destinations.queueUrl("fraud-review-timeouts"))
			.willReturn("http://localhost/000000000000/fraud-review-timeouts");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));
		OutboxMessage dueLater = new OutboxMessage(UUID.randomUUID(), OutboxMessage.Kind.QUEUE, "fraud-review-timeouts",
				"FraudReviewRequired", "{}", null, null, 0, null, null, 600);
		OutboxMessage dueNow = new OutboxMessage(UUID.randomUUID(), OutboxMessage.Kind.QUEUE, "fraud-review-timeouts",
				"FraudReviewRequired", "{}", null, null, 0, null, null, null);

		assertThat(publisher.publish(List.of(dueLater, dueNow))).isEmpty();

		ArgumentCaptor<SendMessageBatchRequest> request = ArgumentCaptor.forClass(SendMessageBatchRequest.class);
		verify(sqs).sendMessageBatch(request.capture());
		assertThat(request.getValue().entries()).extracting(SendMessageBatchRequestEntry::delaySeconds)
			.containsExactly(600, null);
	}

	@Test
	void aBatchThatCannotBeSentFailsItsRowsAndNoOther() {
		given(destinations.topicArn("no-such-topic"))
			.willThrow(new IllegalStateException("SNS topic 'no-such-topic' does not exist"));
		given(destinations.queueUrl("orders.fifo")).willReturn("http://localhost/000000000000/orders.fifo");
		given(sqs.sendMessageBatch(any(SendMessageBatchRequest.class)))
			.willReturn(CompletableFuture.completedFuture(SendMessageBatchResponse.builder().build()));
		OutboxMessage unroutable = topic("no-such-topic");
		OutboxMessage fine = fifo("orders.fifo");

		Map<UUID, PublishFailure> failures = publisher.publish(List.of(unroutable, fine));

		assertThat(failures).containsOnlyKeys(unroutable.id());
		assertThat(failures.get(unroutable.id()).reason()).contains("no-such-topic");
		verify(sns, never()).publishBatch(any(PublishBatchRequest.class));
	}

	@Test
	void putsBusRowsInOnePutEventsAndRetriesOnlyTheEntriesEventBridgeRefused() {
		OutboxMessage first = onBus();
		OutboxMessage refused = onBus();
		given(events.putEvents(any(PutEventsRequest.class))).willReturn(PutEventsResponse.builder()
			.failedEntryCount(1)
			.entries(PutEventsResultEntry.builder().eventId("e-1").build(),
					PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("slow down").build())
			.build());

		Map<UUID, PublishFailure> failures = publisher.publish(List.of(first, refused));

		assertThat(failures).containsOnlyKeys(refused.id())
			.containsEntry(refused.id(), PublishFailure.retryable("ThrottlingException: slow down"));
		ArgumentCaptor<PutEventsRequest> request = ArgumentCaptor.forClass(PutEventsRequest.class);
		verify(events).putEvents(request.capture());
		assertThat(request.getValue().entries()).hasSize(2).allSatisfy(entry -> {
			assertThat(entry.eventBusName()).isEqualTo("securecart");
			assertThat(entry.source()).isEqualTo("securecart.checkout");
			assertThat(entry.detailType()).isEqualTo("OrderPlaced");
		});
		assertThat(request.getValue().entries()).extracting(PutEventsRequestEntry::detail)
			.containsExactly(first.payload(), refused.payload());
	}

	@Test
	void aPutEventsWithoutFailuresPublishesEveryRow() {
		given(events.putEvents(any(PutEventsRequest.class))).willReturn(PutEventsResponse.builder()
			.failedEntryCount(0)
			.entries(PutEventsResultEntry.builder().eventId("e-1").build())
			.build());

		assertThat(publisher.publish(List.of(onBus()))).isEmpty();
	}

	private static OutboxMessage onBus() {
		return new OutboxMessage(UUID.randomUUID(), OutboxMessage.Kind.EVENT_BUS, "securecart", "OrderPlaced",
				"{\"orderId\":\"" + UUID.randomUUID() + "\"}", "securecart.checkout", null, 0, null, null);
	}

	private static OutboxMessage topic(String topic) {
		return topic(topic, "{\"eventType\":\"PaymentDeclined\"}");
	}

	private static OutboxMessage topic(String topic, String payload) {
		return new OutboxMessage(UUID.randomUUID(), OutboxMessage.Kind.TOPIC, topic, "PaymentDeclined", payload, null,
				null, 0, null, null);
	}

	private static OutboxMessage fifo(String queue) {
		UUID orderId = UUID.randomUUID();
		return new OutboxMessage(UUID.randomUUID(), OutboxMessage.Kind.FIFO_QUEUE, queue, "OrderPlaced",
				"{\"eventType\":\"OrderPlaced\"}", "customer-1", orderId.toString(), 0, null, null);
	}
}
