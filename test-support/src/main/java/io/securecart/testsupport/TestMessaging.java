package io.securecart.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lets a test act as a service on the wire: publish an event to the topic, put a message (well-formed or not)
 * straight onto a queue, and look at what a queue or its dead-letter queue holds.
 */
public final class TestMessaging implements AutoCloseable {

	private static final Map<String, List<Message>> COLLECTED = new ConcurrentHashMap<>();

	private final SqsClient sqs;

	private final SnsClient sns;

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	public TestMessaging(TestInfrastructure infrastructure) {
		this.sqs = infrastructure.sqsClient();
		this.sns = infrastructure.snsClient();
	}

	public void publish(OrderEvent event) {
		publishRaw(MessagingNames.ORDER_EVENTS_TOPIC, event.eventType(), codec.encode(event));
	}

	/** Publishes any body on a topic, with its {@code eventType} attribute, as a publisher's outbox relay would. */
	public void publishRaw(String topic, String eventType, String body) {
		String topicArn = sns.listTopicsPaginator()
			.topics()
			.stream()
			.map(Topic::topicArn)
			.filter(arn -> arn.endsWith(":" + topic))
			.findFirst()
			.orElseThrow();
		sns.publish(request -> request.topicArn(topicArn)
			.message(body)
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
						.dataType("String")
						.stringValue(eventType)
						.build())));
	}

	/** Puts {@code event} straight onto a standard queue, as SNS raw delivery would. */
	public void send(String queue, OrderEvent event) {
		sendRaw(queue, event.eventType(), codec.encode(event), null, null);
	}

	/**
	 * Puts any body onto a queue, e.g. one that cannot be parsed; group and dedup ids only for FIFO queues.
	 * @return the message's id
	 */
	public String sendRaw(String queue, String eventType, String body, String groupId, String dedupId) {
		return sqs.sendMessage(request -> request.queueUrl(queueUrl(queue))
			.messageBody(body)
			.messageGroupId(groupId)
			.messageDeduplicationId(dedupId)
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					MessageAttributeValue.builder().dataType("String").stringValue(eventType).build()))).messageId();
	}

	/**
	 * Receives (without deleting) what is visible on a queue now; short poll, so it never waits long. Each peek is
	 * a receive: after the queue's maxReceiveCount peeks, SQS moves a message to the DLQ. To watch a queue nobody
	 * consumes, from inside an Awaitility loop, use {@link #messagesOn(String)}.
	 */
	public List<Message> peek(String queue) {
		return sqs
			.receiveMessage(request -> request.queueUrl(queueUrl(queue))
				.maxNumberOfMessages(10)
				.visibilityTimeout(0)
				.waitTimeSeconds(0)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
			.messages();
	}

	/**
	 * Every message that has arrived on {@code queue} so far: drains it (receive and delete) into a record kept for
	 * the whole test JVM, and returns that record. For queues no service consumes in the test at hand, such as a
	 * downstream service's queue.
	 */
	public List<Message> messagesOn(String queue) {
		List<Message> record = COLLECTED.computeIfAbsent(queue, name -> new CopyOnWriteArrayList<>());
		synchronized (record) {
			List<Message> batch;
			do {
				batch = sqs
					.receiveMessage(request -> request.queueUrl(queueUrl(queue))
						.maxNumberOfMessages(10)
						.waitTimeSeconds(0)
						.messageAttributeNames("All")
						.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
					.messages();
				for (Message message : batch) {
					record.add(message);
					sqs.deleteMessage(request -> request.queueUrl(queueUrl(queue)).receiptHandle(message.receiptHandle()));
				}
			}
			while (!batch.isEmpty());
		}
		return List.copyOf(record);
	}

	public int approximateCount(String queue) {
		return sqs
			.getQueueAttributes(request -> request.queueUrl(queueUrl(queue))
				.attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
			.attributesAsStrings()
			.values()
			.stream()
			.mapToInt(Integer::parseInt)
			.sum();
	}

	/**
	 * Gives a queue another visibility timeout until the returned handle is closed, which restores the one it had: a
	 * test of what happens when a message's timeout runs out need not wait out the declared 30 s.
	 */
	public AutoCloseable changeVisibilityTimeout(String queue, Duration timeout) {
		String url = queueUrl(queue);
		String declared = sqs
			.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
			.attributes()
			.get(QueueAttributeName.VISIBILITY_TIMEOUT);
		setVisibilityTimeout(url, String.valueOf(timeout.toSeconds()));
		return () -> setVisibilityTimeout(url, declared);
	}

	private void setVisibilityTimeout(String url, String seconds) {
		sqs.setQueueAttributes(
				request -> request.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, seconds)));
	}

	public void purge(String queue) {
		sqs.purgeQueue(request -> request.queueUrl(queueUrl(queue)));
	}

	public String queueUrl(String queue) {
		return sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
	}

	@Override
	public void close() {
		sqs.close();
		sns.close();
	}
}
