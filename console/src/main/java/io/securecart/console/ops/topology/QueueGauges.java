package io.securecart.console.ops.topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.securecart.provisioner.Topology;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.stereotype.Component;

/** Depth and in-flight count of every declared queue and its dead-letter queue, from SQS's queue attributes. */
@Component
class QueueGauges {

	private static final List<QueueAttributeName> COUNTS = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);

	private final SqsClient sqs;

	private final Topology topology;

	private final Map<String, String> urls = new ConcurrentHashMap<>();

	QueueGauges(SqsClient sqs, Topology topology) {
		this.sqs = sqs;
		this.topology = topology;
	}

	List<QueueGauge> read() {
		return topology.queues().stream().map(queue -> {
			String deadLetterQueue = queue.deadLetter() == null ? null : queue.deadLetter().name();
			try {
				Map<QueueAttributeName, String> counts = counts(queue.name());
				Integer deadLetters = deadLetterQueue == null ? null
						: number(counts(deadLetterQueue), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
				return new QueueGauge(queue.name(),
						number(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
						number(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), null,
						deadLetterQueue, deadLetters, null);
			}
			catch (SdkException ex) {
				return new QueueGauge(queue.name(), null, null, null, deadLetterQueue, null,
						"could not be read: " + ex.getClass().getSimpleName());
			}
		}).toList();
	}

	private Map<QueueAttributeName, String> counts(String queue) {
		String url = urls.computeIfAbsent(queue, name -> sqs.getQueueUrl(request -> request.queueName(name)).queueUrl());
		return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(COUNTS)).attributes();
	}

	private static Integer number(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
		String value = attributes.get(name);
		return value == null ? null : Integer.valueOf(value);
	}
}
