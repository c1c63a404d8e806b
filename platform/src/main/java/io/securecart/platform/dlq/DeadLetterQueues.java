package io.securecart.platform.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.MessagingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inspects and redrives the dead-letter queues of the queues this service uses. A queue's dead-letter queue is read
 * from its own RedrivePolicy, so nothing here repeats the topology.
 * <p>
 * Redrive uses SQS {@code StartMessageMoveTask} where the broker has it. moto does not, so there the fallback moves
 * messages one by one: receive from the DLQ, send to the source queue with the same body, attributes, message group
 * id and deduplication id, and only then delete from the DLQ. A crash between send and delete leaves a copy in the
 * DLQ (at-least-once, like everything else here); consumers are idempotent.
 */
public class DeadLetterQueues {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterQueues.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PAYMENT_TOKEN = Pattern.compile("(\"paymentToken\"\\s*:\\s*\")[^\"]*(\")");

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	private final MessagingProperties properties;

	private final RedriveMethod configuredMethod;

	public DeadLetterQueues(SqsAsyncClient sqs, MessagingDestinations destinations, MessagingProperties properties,
			RedriveMethod configuredMethod) {
		this.sqs = sqs;
		this.destinations = destinations;
		this.properties = properties;
		this.configuredMethod = configuredMethod;
	}

	public List<DeadLetterQueueSummary> summaries() {
		List<DeadLetterQueueSummary> summaries = new ArrayList<>();
		for (String queue : properties.queues()) {
			redrivePolicy(queue).ifPresent(policy -> summaries.add(new DeadLetterQueueSummary(queue,
					policy.deadLetterQueue(), policy.maxReceiveCount(), approximateCount(policy.deadLetterQueue()))));
		}
		return summaries;
	}

	/** Up to {@code max} messages of the queue's DLQ. They stay there, visible again at once. */
	public List<DeadLetterMessage> messages(String queue, int max) {
		String dlqUrl = destinations.queueUrl(policyOf(queue).deadLetterQueue());
		List<Message> received = receive(dlqUrl, Math.min(max, 10), 5);
		makeVisible(dlqUrl, received);
		return received.stream().map(DeadLetterQueues::describe).toList();
	}

	public RedriveResult redriveAll(String queue) {
		RedrivePolicy policy = policyOf(queue);
		if (configuredMethod != RedriveMethod.RECEIVE_SEND_DELETE) {
			try {
				String handle = sqs
					.startMessageMoveTask(request -> request.sourceArn(arnOf(policy.deadLetterQueue()))
						.destinationArn(arnOf(queue)))
					.join()
					.taskHandle();
				log.info("Redriving {} → {} with StartMessageMoveTask {}", policy.deadLetterQueue(), queue, handle);
				return new RedriveResult(queue, "StartMessageMoveTask", -1, handle);
			}
			catch (RuntimeException ex) {
				if (configuredMethod == RedriveMethod.MOVE_TASK || !isUnsupported(ex)) {
					throw ex;
				}
				log.info("The broker has no StartMessageMoveTask ({}); redriving {} message by message",
						ex.getClass().getSimpleName(), policy.deadLetterQueue());
			}
		}
		return new RedriveResult(queue, "receive-send-delete", moveOneByOne(queue, policy, null), null);
	}

	public RedriveResult redriveOne(String queue, String messageId) {
		int moved = moveOneByOne(queue, policyOf(queue), messageId);
		if (moved == 0) {
			throw new DeadLetterMessageNotFoundException(queue, messageId);
		}
		return new RedriveResult(queue, "receive-send-delete", moved, null);
	}

	private int moveOneByOne(String queue, RedrivePolicy policy, String onlyMessageId) {
		String dlqUrl = destinations.queueUrl(policy.deadLetterQueue());
		String sourceUrl = destinations.queueUrl(queue);
		int moved = 0;
		List<Message> batch;
		List<Message> skipped = new ArrayList<>();
		do {
			batch = receive(dlqUrl, 10, 30);
			for (Message message : batch) {
				if (onlyMessageId != null && !onlyMessageId.equals(message.messageId())) {
					skipped.add(message);
					continue;
				}
				sqs.sendMessage(request -> request.queueUrl(sourceUrl)
					.messageBody(message.body())
					.messageAttributes(message.messageAttributes())
					.messageGroupId(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
					.messageDeduplicationId(
							message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)))
					.join();
				sqs.deleteMessage(request -> request.queueUrl(dlqUrl).receiptHandle(message.receiptHandle())).join();
				moved++;
			}
		}
		while (!batch.isEmpty() && (onlyMessageId == null || moved == 0));
		makeVisible(dlqUrl, skipped);
		log.info("Redrove {} message(s) from {} to {}", moved, policy.deadLetterQueue(), queue);
		return moved;
	}

	private List<Message> receive(String queueUrl, int max, int visibilitySeconds) {
		return sqs
			.receiveMessage(request -> request.queueUrl(queueUrl)
				.maxNumberOfMessages(max)
				.visibilityTimeout(visibilitySeconds)
				.waitTimeSeconds(0)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.ALL))
			.join()
			.messages();
	}

	private void makeVisible(String queueUrl, List<Message> messages) {
		for (Message message : messages) {
			sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl)
				.receiptHandle(message.receiptHandle())
				.visibilityTimeout(0)).join();
		}
	}

	private int approximateCount(String queue) {
		return Integer.parseInt(sqs
			.getQueueAttributes(request -> request.queueUrl(destinations.queueUrl(queue))
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
			.join()
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
	}

	private String arnOf(String queue) {
		return sqs
			.getQueueAttributes(request -> request.queueUrl(destinations.queueUrl(queue))
				.attributeNames(QueueAttributeName.QUEUE_ARN))
			.join()
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	private RedrivePolicy policyOf(String queue) {
		if (!properties.queues().contains(queue)) {
			throw new UnknownQueueException(queue, properties.queues());
		}
		return redrivePolicy(queue).orElseThrow(() -> new UnknownQueueException(queue, properties.queues()));
	}

	private Optional<RedrivePolicy> redrivePolicy(String queue) {
		String policy = sqs
			.getQueueAttributes(request -> request.queueUrl(destinations.queueUrl(queue))
				.attributeNames(QueueAttributeName.REDRIVE_POLICY))
			.join()
			.attributes()
			.get(QueueAttributeName.REDRIVE_POLICY);
		if (policy == null || policy.isBlank()) {
			return Optional.empty();
		}
		JsonNode json = JSON.readTree(policy);
		String arn = json.path("deadLetterTargetArn").asString();
		return Optional.of(new RedrivePolicy(arn.substring(arn.lastIndexOf(':') + 1),
				json.path("maxReceiveCount").asInt()));
	}

	private static boolean isUnsupported(RuntimeException ex) {
		Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
		return cause instanceof SdkServiceException service && (service.statusCode() >= 500
				|| String.valueOf(service.getMessage()).contains("UnsupportedOperation"));
	}

	private static DeadLetterMessage describe(Message message) {
		Map<String, String> attributes = new TreeMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		Map<MessageSystemAttributeName, String> system = message.attributes();
		return new DeadLetterMessage(message.messageId(), attributes.get(MessagingNames.EVENT_TYPE_ATTRIBUTE),
				PAYMENT_TOKEN.matcher(message.body()).replaceAll("$1***$2"),
				Integer.parseInt(system.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0")),
				epochMillis(system.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)),
				epochMillis(system.get(MessageSystemAttributeName.SENT_TIMESTAMP)),
				system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
				system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID), attributes);
	}

	private static Instant epochMillis(String value) {
		return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
	}

	private record RedrivePolicy(String deadLetterQueue, int maxReceiveCount) {
	}

	/** How to move messages back: {@code AUTO} tries StartMessageMoveTask and falls back when the broker lacks it. */
	public enum RedriveMethod {

		AUTO, MOVE_TASK, RECEIVE_SEND_DELETE

	}
}
