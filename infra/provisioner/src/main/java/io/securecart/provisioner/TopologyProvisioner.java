package io.securecart.provisioner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the broker match a {@link Topology}: creates what is missing and reconciles the attributes of what exists,
 * so running it twice changes nothing. The same code provisions moto, LocalStack and AWS.
 */
public class TopologyProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopologyProvisioner.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SqsClient sqs;

	private final SnsClient sns;

	public TopologyProvisioner(SqsClient sqs, SnsClient sns) {
		this.sqs = sqs;
		this.sns = sns;
	}

	/** @return the URL of every queue and the ARN of every topic, by name */
	public Map<String, String> provision(Topology topology) {
		Map<String, String> provisioned = new LinkedHashMap<>();
		Map<String, String> queueArns = new HashMap<>();
		for (Topology.QueueSpec queue : topology.queues()) {
			String redrivePolicy = null;
			if (queue.deadLetter() != null) {
				Topology.DeadLetterSpec dlq = queue.deadLetter();
				String dlqUrl = ensureQueue(dlq.name(), deadLetterAttributes(dlq, queue.fifo()));
				provisioned.put(dlq.name(), dlqUrl);
				String dlqArn = queueArn(dlqUrl);
				redrivePolicy = json(Map.of("deadLetterTargetArn", dlqArn, "maxReceiveCount",
						String.valueOf(dlq.maxReceiveCount())));
			}
			String url = ensureQueue(queue.name(), queueAttributes(queue, redrivePolicy));
			provisioned.put(queue.name(), url);
			queueArns.put(queue.name(), queueArn(url));
		}
		Map<String, String> topicArns = new HashMap<>();
		for (Topology.TopicSpec topic : topology.topics()) {
			String arn = sns.createTopic(request -> request.name(topic.name())).topicArn();
			topicArns.put(topic.name(), arn);
			provisioned.put(topic.name(), arn);
			log.info("topic    {} ready", topic.name());
		}
		Map<String, List<String>> topicsByQueue = new HashMap<>();
		for (Topology.SubscriptionSpec subscription : topology.subscriptions()) {
			String topicArn = topicArns.get(subscription.topic());
			String deliveryDeadLetterArn = null;
			if (subscription.deadLetter() != null) {
				Topology.SubscriptionDeadLetterSpec dlq = subscription.deadLetter();
				String dlqUrl = ensureQueue(dlq.name(), Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
						String.valueOf(dlq.messageRetentionSeconds())));
				provisioned.put(dlq.name(), dlqUrl);
				deliveryDeadLetterArn = queueArn(dlqUrl);
				queueArns.put(dlq.name(), deliveryDeadLetterArn);
				// SNS itself sends to a subscription's DLQ: on AWS the queue's policy must allow the topic.
				topicsByQueue.computeIfAbsent(dlq.name(), queue -> new ArrayList<>()).add(topicArn);
			}
			ensureSubscription(topicArn, queueArns.get(subscription.queue()), subscription, deliveryDeadLetterArn);
			topicsByQueue.computeIfAbsent(subscription.queue(), queue -> new ArrayList<>()).add(topicArn);
		}
		topicsByQueue.forEach((queue, topics) -> allowTopicsToSend(provisioned.get(queue), queueArns.get(queue),
				topics));
		return provisioned;
	}

	private String ensureQueue(String name, Map<QueueAttributeName, String> attributes) {
		Optional<String> existing = queueUrl(name);
		if (existing.isPresent()) {
			// FifoQueue cannot be changed after creation; everything else is reconciled.
			Map<QueueAttributeName, String> mutable = new HashMap<>(attributes);
			mutable.remove(QueueAttributeName.FIFO_QUEUE);
			sqs.setQueueAttributes(request -> request.queueUrl(existing.get()).attributes(mutable));
			log.info("queue    {} up to date", name);
			return existing.get();
		}
		String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
		log.info("queue    {} created", name);
		return url;
	}

	private Optional<String> queueUrl(String name) {
		try {
			return Optional.of(sqs.getQueueUrl(request -> request.queueName(name)).queueUrl());
		}
		catch (QueueDoesNotExistException ex) {
			return Optional.empty();
		}
	}

	private String queueArn(String queueUrl) {
		return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	private static Map<QueueAttributeName, String> queueAttributes(Topology.QueueSpec queue, String redrivePolicy) {
		Map<QueueAttributeName, String> attributes = new HashMap<>();
		attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(queue.visibilityTimeoutSeconds()));
		attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
				String.valueOf(queue.receiveWaitTimeSeconds()));
		attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(queue.messageRetentionSeconds()));
		if (queue.fifo()) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
			// Publishers always set a meaningful deduplication id (the order id); never the body's hash.
			attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
		}
		if (redrivePolicy != null) {
			attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy);
		}
		return attributes;
	}

	private static Map<QueueAttributeName, String> deadLetterAttributes(Topology.DeadLetterSpec dlq, boolean fifo) {
		Map<QueueAttributeName, String> attributes = new HashMap<>();
		attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(dlq.messageRetentionSeconds()));
		if (fifo) {
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
			attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
		}
		return attributes;
	}

	private void ensureSubscription(String topicArn, String queueArn, Topology.SubscriptionSpec spec,
			String deadLetterArn) {
		Optional<Subscription> existing = sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter(subscription -> queueArn.equals(subscription.endpoint()))
			.findFirst();
		String filterPolicy = json(spec.filterPolicy());
		String raw = String.valueOf(spec.rawMessageDelivery());
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("FilterPolicy", filterPolicy);
		attributes.put("RawMessageDelivery", raw);
		if (deadLetterArn != null) {
			attributes.put("RedrivePolicy", json(Map.of("deadLetterTargetArn", deadLetterArn)));
		}
		if (existing.isPresent()) {
			String arn = existing.get().subscriptionArn();
			attributes.forEach((name, value) -> sns.setSubscriptionAttributes(request -> request
				.subscriptionArn(arn)
				.attributeName(name)
				.attributeValue(value)));
			log.info("subscription {} -> {} up to date, filter {}", spec.topic(), spec.queue(), filterPolicy);
			return;
		}
		sns.subscribe(request -> request.topicArn(topicArn)
			.protocol("sqs")
			.endpoint(queueArn)
			.returnSubscriptionArn(true)
			.attributes(attributes));
		log.info("subscription {} -> {} created, filter {}", spec.topic(), spec.queue(), filterPolicy);
	}

	/**
	 * AWS delivers from SNS to SQS only when the queue's policy allows the topic to send (moto does not check); that
	 * holds for a subscription's dead-letter queue too, which SNS writes to directly.
	 */
	private void allowTopicsToSend(String queueUrl, String queueArn, List<String> topicArns) {
		Map<String, Object> policy = Map.of("Version", "2012-10-17", "Statement",
				List.of(Map.of("Sid", "AllowOrderEventTopics", "Effect", "Allow", "Principal",
						Map.of("Service", "sns.amazonaws.com"), "Action", "sqs:SendMessage", "Resource", queueArn,
						"Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", topicArns)))));
		sqs.setQueueAttributes(request -> request.queueUrl(queueUrl)
			.attributes(Map.of(QueueAttributeName.POLICY, json(policy))));
	}

	private static String json(Object value) {
		return JSON.writeValueAsString(value);
	}
}
