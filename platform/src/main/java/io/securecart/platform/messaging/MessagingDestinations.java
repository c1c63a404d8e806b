package io.securecart.platform.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.InitializingBean;

/**
 * Resolves queue and topic names to URLs and ARNs, once, and never creates anything: creating topology is the
 * provisioner's job. At startup it resolves every destination the service declared, so a missing one stops the
 * service with a message that says what to do.
 */
public class MessagingDestinations implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(MessagingDestinations.class);

	/** A name lookup is one small request: a broker that takes longer is down, and startup should say so. */
	private static final java.time.Duration LOOKUP_TIMEOUT = java.time.Duration.ofSeconds(30);

	private final SqsAsyncClient sqs;

	private final SnsClient sns;

	private final MessagingProperties properties;

	private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

	private final Map<String, String> topicArns = new ConcurrentHashMap<>();

	public MessagingDestinations(SqsAsyncClient sqs, SnsClient sns, MessagingProperties properties) {
		this.sqs = sqs;
		this.sns = sns;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		properties.queues().forEach(this::queueUrl);
		properties.topics().forEach(this::topicArn);
		log.info("Messaging topology present: queues {}, topics {}", properties.queues(), properties.topics());
	}

	public String queueUrl(String queueName) {
		return queueUrls.computeIfAbsent(queueName, name -> {
			try {
				return BoundedCalls.await(sqs.getQueueUrl(request -> request.queueName(name)), LOOKUP_TIMEOUT, "SQS")
					.queueUrl();
			}
			catch (RuntimeException ex) {
				throw new MissingTopologyException("SQS queue", name, ex);
			}
		});
	}

	public String topicArn(String topicName) {
		return topicArns.computeIfAbsent(topicName, name -> sns.listTopicsPaginator()
			.topics()
			.stream()
			.map(Topic::topicArn)
			.filter(arn -> arn.endsWith(":" + name))
			.findFirst()
			.orElseThrow(() -> new MissingTopologyException("SNS topic", name, null)));
	}
}
