package io.securecart.platform.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.sns.core.CachingTopicArnResolver;
import io.awspring.cloud.sns.core.TopicArnResolver;
import io.awspring.cloud.sns.core.TopicNotFoundException;
import io.awspring.cloud.sns.core.TopicsListingTopicArnResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.InitializingBean;

/**
 * Resolves queue and topic names to URLs and ARNs, once, and never creates anything: creating topology is the
 * provisioner's job. At startup it resolves every destination the service declared, so a missing one stops the
 * service with a message that says what to do.
 * <p>
 * Topic ARNs come from Spring Cloud AWS's {@link TopicsListingTopicArnResolver} (cached): it lists the topics and
 * never creates one, where the library's default resolver would create a missing topic (ADR 18).
 */
public class MessagingDestinations implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(MessagingDestinations.class);

	/** A name lookup is one small request: a broker that takes longer is down, and startup should say so. */
	private static final java.time.Duration LOOKUP_TIMEOUT = java.time.Duration.ofSeconds(30);

	private final SqsAsyncClient sqs;

	private final TopicArnResolver topicArns;

	private final MessagingProperties properties;

	private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

	public MessagingDestinations(SqsAsyncClient sqs, SnsClient sns, MessagingProperties properties) {
		this.sqs = sqs;
		this.topicArns = new CachingTopicArnResolver(new TopicsListingTopicArnResolver(sns));
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
		try {
			return topicArns.resolveTopicArn(topicName).toString();
		}
		catch (TopicNotFoundException ex) {
			throw new MissingTopologyException("SNS topic", topicName, ex);
		}
	}
}
