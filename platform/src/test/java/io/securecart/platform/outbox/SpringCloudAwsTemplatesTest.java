package io.securecart.platform.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sns.core.DefaultTopicArnResolver;
import io.awspring.cloud.sns.core.TopicsListingTopicArnResolver;
import io.awspring.cloud.sns.core.batch.BatchResult;
import io.awspring.cloud.sns.core.batch.SnsBatchTemplate;
import io.awspring.cloud.sns.core.batch.converter.DefaultSnsMessageConverter;
import io.awspring.cloud.sns.core.batch.executor.SequentialBatchExecutionStrategy;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.operations.SendBatchFailureHandlingStrategy;
import io.awspring.cloud.sqs.operations.SendResult;
import io.awspring.cloud.sqs.operations.SqsOperations;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awspring.cloud.sqs.operations.TemplateContentBasedDeduplication;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry.Builder;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What Spring Cloud AWS 4.1.0's templates do with the requests the outbox relay needs, pinned so that ADR 18's
 * reasons are checked on every library upgrade: if one of these fails, the library changed, and the decision to
 * publish with the SDK clients ({@link AwsMessagePublisher}) should be looked at again.
 */
class SpringCloudAwsTemplatesTest {

	private static final String QUEUE_URL = "http://localhost:4566/000000000000/orders.fifo";

	private final SqsAsyncClient sqs = mock(SqsAsyncClient.class);

	private final SqsOperations sqsTemplate = SqsTemplate.builder()
		.sqsAsyncClient(sqs)
		.configure(options -> options.sendBatchFailureHandlingStrategy(SendBatchFailureHandlingStrategy.DO_NOT_THROW)
			.contentBasedDeduplication(TemplateContentBasedDeduplication.DISABLED))
		.buildSyncTemplate();

	private final SnsClient sns = mock(SnsClient.class);

	SpringCloudAwsTemplatesTest() {
		when(sqs.getQueueUrl(any(GetQueueUrlRequest.class)))
			.thenReturn(CompletableFuture.completedFuture(GetQueueUrlResponse.builder().queueUrl(QUEUE_URL).build()));
	}

	/** What the outbox needs, and has: one failed entry is reported as that entry, with its FIFO ids kept. */
	@Test
	void sqsSendManyReportsEachFailedEntryAndKeepsTheFifoIds() {
		ArgumentCaptor<SendMessageBatchRequest> sent = ArgumentCaptor.forClass(SendMessageBatchRequest.class);
		when(sqs.sendMessageBatch(sent.capture())).thenAnswer(call -> {
			List<SendMessageBatchRequestEntry> entries = sent.getValue().entries();
			return CompletableFuture.completedFuture(SendMessageBatchResponse.builder()
				.successful(SendMessageBatchResultEntry.builder()
					.id(entries.get(0).id())
					.messageId("00000000-0000-0000-0000-000000000001")
					.build())
				.failed(((Builder) software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry.builder())
					.id(entries.get(1).id())
					.code("InternalError")
					.senderFault(false)
					.build())
				.build());
		});

		SendResult.Batch<String> result = sqsTemplate.sendMany("orders.fifo",
				List.of(fifoMessage("{\"n\":1}", "alice", "order-1"), fifoMessage("{\"n\":2}", "alice", "order-2")));

		assertThat(result.failed()).singleElement()
			.satisfies(failed -> assertThat(failed.message().getPayload()).isEqualTo("{\"n\":2}"));
		assertThat(sent.getValue().entries()).extracting(SendMessageBatchRequestEntry::messageGroupId,
				SendMessageBatchRequestEntry::messageDeduplicationId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "order-1"),
					org.assertj.core.groups.Tuple.tuple("alice", "order-2"));
	}

	/**
	 * ADR 18's first reason: the template adds a message attribute of its own ({@code JavaType}) to the three a SecureCart message has
	 * ({@code eventType}, {@code traceparent}, {@code orderId}; SQS allows ten), and every subscriber sees them.
	 */
	@Test
	void sqsTemplateAddsAttributesOfItsOwn() {
		ArgumentCaptor<SendMessageBatchRequest> sent = ArgumentCaptor.forClass(SendMessageBatchRequest.class);
		when(sqs.sendMessageBatch(sent.capture())).thenReturn(CompletableFuture.completedFuture(
				SendMessageBatchResponse.builder().build()));

		sqsTemplate.sendMany("orders.fifo", List.of(fifoMessage("{}", "alice", "order-1")));

		assertThat(sent.getValue().entries().getFirst().messageAttributes().keySet())
			.containsExactlyInAnyOrder("eventType", "orderId", "JavaType");
	}

	/**
	 * ADR 18's second reason: the synchronous {@code sendMany} waits for the broker without a bound of its own (it
	 * joins the SDK's future), and no request-level timeout can be given; the relay holds row locks while it sends.
	 */
	@Test
	void sqsSendManyWaitsForAHangingBrokerWithoutABound() {
		CompletableFuture<SendMessageBatchResponse> hanging = new CompletableFuture<>();
		when(sqs.sendMessageBatch(any(SendMessageBatchRequest.class))).thenReturn(hanging);

		CompletableFuture<Void> send = CompletableFuture
			.runAsync(() -> sqsTemplate.sendMany("orders.fifo", List.of(fifoMessage("{}", "alice", "order-1"))));
		try {
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !send.isDone());
		}
		finally {
			hanging.completeExceptionally(new IllegalStateException("released by the test"));
		}
	}

	/**
	 * SnsBatchTemplate (new in 4.1.0) uses PublishBatch and reports failed entries, but sends every Spring header as
	 * an SNS message attribute ({@code id}, {@code timestamp}, and the header that names the entry), and its
	 * request has no timeout of its own.
	 */
	@Test
	void snsBatchTemplateSendsSpringHeadersAsAttributesAndHasNoRequestTimeout() {
		when(sns.listTopics()).thenReturn(ListTopicsResponse.builder()
			.topics(Topic.builder().topicArn("arn:aws:sns:us-east-1:000000000000:order-events").build())
			.build());
		ArgumentCaptor<PublishBatchRequest> published = ArgumentCaptor.forClass(PublishBatchRequest.class);
		when(sns.publishBatch(published.capture())).thenAnswer(call -> PublishBatchResponse.builder()
			.successful(PublishBatchResultEntry.builder()
				.id(published.getValue().publishBatchRequestEntries().get(0).id())
				.build())
			.failed(BatchResultErrorEntry.builder()
				.id(published.getValue().publishBatchRequestEntries().get(1).id())
				.code("InternalError")
				.senderFault(false)
				.build())
			.build());
		SnsBatchTemplate template = new SnsBatchTemplate(new DefaultSnsMessageConverter(),
				new SequentialBatchExecutionStrategy(sns), new TopicsListingTopicArnResolver(sns));

		BatchResult result = template.sendBatch("order-events",
				List.of(snsMessage("row-1"), snsMessage("row-2")));

		assertThat(result.errors()).extracting(BatchResult.SnsError::batchId).containsExactly("row-2");
		assertThat(published.getValue().publishBatchRequestEntries().getFirst().messageAttributes().keySet())
			.containsExactlyInAnyOrder("eventType", "id", "timestamp", io.awspring.cloud.sns.core.SnsHeaders.MESSAGE_ID_HEADER);
		assertThat(published.getValue().overrideConfiguration()).isEmpty();
	}

	/** SnsTemplate's default resolver creates a topic it does not find; SecureCart's topology must fail instead. */
	@Test
	void theDefaultTopicResolverCreatesAMissingTopic() {
		when(sns.createTopic(any(CreateTopicRequest.class))).thenReturn(
				CreateTopicResponse.builder().topicArn("arn:aws:sns:us-east-1:000000000000:typo-events").build());

		new DefaultTopicArnResolver(sns).resolveTopicArn("typo-events");

		verify(sns).createTopic(any(CreateTopicRequest.class));
	}

	private static Message<String> fifoMessage(String body, String groupId, String dedupId) {
		return MessageBuilder.withPayload(body)
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER, groupId)
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_DEDUPLICATION_ID_HEADER, dedupId)
			.setHeader("eventType", "OrderPlaced")
			.setHeader("orderId", dedupId)
			.build();
	}

	private static Message<String> snsMessage(String rowId) {
		return MessageBuilder.withPayload("{}")
			.setHeader(io.awspring.cloud.sns.core.SnsHeaders.MESSAGE_ID_HEADER, rowId)
			.setHeader("eventType", "OrderPlaced")
			.build();
	}

}
