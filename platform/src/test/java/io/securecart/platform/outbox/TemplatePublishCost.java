package io.securecart.platform.outbox;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sns.core.CachingTopicArnResolver;
import io.awspring.cloud.sns.core.SnsHeaders;
import io.awspring.cloud.sns.core.SnsNotification;
import io.awspring.cloud.sns.core.SnsTemplate;
import io.awspring.cloud.sns.core.TopicsListingTopicArnResolver;
import io.awspring.cloud.sns.core.batch.SnsBatchTemplate;
import io.awspring.cloud.sns.core.batch.converter.DefaultSnsMessageConverter;
import io.awspring.cloud.sns.core.batch.executor.SequentialBatchExecutionStrategy;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.operations.SendBatchFailureHandlingStrategy;
import io.awspring.cloud.sqs.operations.SqsOperations;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awspring.cloud.sqs.operations.TemplateContentBasedDeduplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * ADR 18's measurement, on demand against a running moto (never in CI): what publishing 100 outbox-like messages
 * costs through Spring Cloud AWS's templates and through the SDK clients as {@link AwsMessagePublisher} uses them,
 * in requests and milliseconds, in interleaved rounds.
 * <pre>
 * ./mvnw -q -pl platform test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
 *   -Dmdep.includeScope=test
 * infra/local/moto.sh start /tmp/moto 4566
 * java -cp "$(cat platform/target/test-classpath.txt):platform/target/classes:platform/target/test-classes" \
 *   io.securecart.platform.outbox.TemplatePublishCost http://127.0.0.1:4566 3
 * </pre>
 */
public final class TemplatePublishCost {

	private static final Logger log = LoggerFactory.getLogger(TemplatePublishCost.class);

	private static final int MESSAGES = 100;

	private static final AtomicInteger requests = new AtomicInteger();

	private TemplatePublishCost() {
	}

	public static void main(String[] args) {
		URI endpoint = URI.create(args[0]);
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		ExecutionInterceptor counter = new ExecutionInterceptor() {
			@Override
			public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
				requests.incrementAndGet();
			}
		};
		var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
		try (SnsClient sns = SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
			.credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
				SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
					.credentialsProvider(credentials).overrideConfiguration(o -> o.addExecutionInterceptor(counter))
					.build()) {
			String run = UUID.randomUUID().toString().substring(0, 8);
			String topicArn = sns.createTopic(r -> r.name("adr18-" + run)).topicArn();
			String queueUrl = sqs.createQueue(r -> r.queueName("adr18-" + run)).join().queueUrl();
			String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
				.join().attributes().get(QueueAttributeName.QUEUE_ARN);
			sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
				.attributes(Map.of("RawMessageDelivery", "true")));
			String fifo = "adr18-" + run + ".fifo";
			String fifoUrl = sqs.createQueue(r -> r.queueName(fifo).attributes(Map.of(QueueAttributeName.FIFO_QUEUE,
					"true"))).join().queueUrl();

			var resolver = new CachingTopicArnResolver(new TopicsListingTopicArnResolver(sns));
			SnsTemplate snsTemplate = new SnsTemplate(sns, resolver, null);
			SnsBatchTemplate snsBatchTemplate = new SnsBatchTemplate(new DefaultSnsMessageConverter(),
					new SequentialBatchExecutionStrategy(sns), resolver);
			SqsOperations sqsTemplate = SqsTemplate.builder()
				.sqsAsyncClient(sqs)
				.configure(o -> o.sendBatchFailureHandlingStrategy(SendBatchFailureHandlingStrategy.DO_NOT_THROW)
					.contentBasedDeduplication(TemplateContentBasedDeduplication.DISABLED))
				.buildSyncTemplate();
			String topic = "adr18-" + run;
			// Warm-up: name lookups and the JIT, not measured.
			snsTemplate.sendNotification(topic, SnsNotification.of("{}"));
			snsBatchTemplate.sendBatch(topic, List.of(MessageBuilder.withPayload("{}").build()));
			sqsTemplate.sendMany(fifo, List.of(fifoMessage(0, run + "w")));

			for (int round = 1; round <= rounds; round++) {
				String r = run + "-" + round;
				measure(round, "SNS  SnsTemplate.sendNotification, one Publish each", () -> {
					for (int i = 0; i < MESSAGES; i++) {
						snsTemplate.sendNotification(topic, SnsNotification.builder(payload(i))
							.header("eventType", "OrderPlaced").build());
					}
				});
				measure(round, "SNS  SnsBatchTemplate.sendBatch", () -> snsBatchTemplate.sendBatch(topic,
						range(i -> MessageBuilder.withPayload(payload(i)).setHeader("eventType", "OrderPlaced")
							.setHeader(SnsHeaders.MESSAGE_ID_HEADER, "m" + i).build())));
				measure(round, "SNS  SDK PublishBatch (AwsMessagePublisher)", () -> {
					for (int b = 0; b < MESSAGES / 10; b++) {
						int base = b * 10;
						sns.publishBatch(req -> req.topicArn(topicArn).publishBatchRequestEntries(range10(base,
								i -> PublishBatchRequestEntry.builder().id("m" + i).message(payload(i))
									.messageAttributes(Map.of("eventType", MessageAttributeValue.builder()
										.dataType("String").stringValue("OrderPlaced").build()))
									.build())));
					}
				});
				measure(round, "SQS  SqsTemplate.sendMany, FIFO", () -> {
					for (int b = 0; b < MESSAGES / 10; b++) {
						int base = b * 10;
						sqsTemplate.sendMany(fifo, range10(base, i -> fifoMessage(i, r + "t")));
					}
				});
				measure(round, "SQS  SDK SendMessageBatch, FIFO (AwsMessagePublisher)", () -> {
					for (int b = 0; b < MESSAGES / 10; b++) {
						int base = b * 10;
						sqs.sendMessageBatch(req -> req.queueUrl(fifoUrl).entries(range10(base,
								i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(payload(i))
									.messageGroupId("customer-" + (i % 7)).messageDeduplicationId(r + "s" + i)
									.messageAttributes(Map.of("eventType",
											software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
												.dataType("String").stringValue("OrderPlaced").build()))
									.build())))
							.get(10, java.util.concurrent.TimeUnit.SECONDS);
					}
				});
			}
		}
	}

	private static String payload(int i) {
		return "{\"eventType\":\"OrderPlaced\",\"orderId\":\"" + UUID.randomUUID() + "\",\"n\":" + i
				+ ",\"total\":39.98}";
	}

	private static Message<String> fifoMessage(int i, String dedupPrefix) {
		return MessageBuilder.withPayload(payload(i))
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER, "customer-" + (i % 7))
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_DEDUPLICATION_ID_HEADER, dedupPrefix + i)
			.setHeader("eventType", "OrderPlaced")
			.build();
	}

	private static <T> List<T> range(java.util.function.IntFunction<T> item) {
		List<T> items = new ArrayList<>();
		for (int i = 0; i < MESSAGES; i++) {
			items.add(item.apply(i));
		}
		return items;
	}

	private static <T> List<T> range10(int base, java.util.function.IntFunction<T> item) {
		List<T> items = new ArrayList<>();
		for (int i = base; i < base + 10; i++) {
			items.add(item.apply(i));
		}
		return items;
	}

	private interface Work {

		void run() throws Exception;

	}

	private static void measure(int round, String what, Work work) {
		int before = requests.get();
		long started = System.nanoTime();
		try {
			work.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException(what, ex);
		}
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		log.info("round {}  {} {} requests {} ms per {} messages", round, what, requests.get() - before, millis,
				MESSAGES);
	}

}
