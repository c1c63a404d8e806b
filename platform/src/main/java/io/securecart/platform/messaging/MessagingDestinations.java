package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.sns.core.CachingTopicArnResolver;
import io.awspring.cloud.sns.core.TopicArnResolver;
import io.awspring.cloud.sns.core.TopicNotFoundException;
import io.awspring.cloud.sns.core.TopicsListingTopicArnResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.InitializingBean;

/**
 * Resolves queue and topic names to URLs and ARNs, once, and never creates anything: creating topology is the
 * provisioner's job. At startup it resolves every destination the service declared, so a missing one stops the
 * service with a message that says what to do.
 * <p>
 * It also holds the SNS subscriptions of the queues the service listens on to {@code infra/topology.json}
 * ({@link #driftedSubscriptions}): a deleted subscription, or a filter policy that lost an event type, makes SNS drop
 * those events without a trace (no DLQ catches what a filter rejects), and the service would wait for them looking
 * well. Startup refuses; {@link MessagingTopologyHealthIndicator} repeats the check while it runs.
 * <p>
 * Topic ARNs come from Spring Cloud AWS's {@link TopicsListingTopicArnResolver} (cached): it lists the topics and
 * never creates one, where the library's default resolver would create a missing topic (ADR 18).
 */
public class MessagingDestinations implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(MessagingDestinations.class);

	/** A name lookup is one small request: a broker that takes longer is down, and startup should say so. */
	private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

	private final SnsClient sns;

	private final SqsAsyncClient sqs;

	private final TopicArnResolver topicArns;

	private final MessagingProperties properties;

	private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

	public MessagingDestinations(SqsAsyncClient sqs, SnsClient sns, MessagingProperties properties) {
		this.sqs = sqs;
		this.sns = sns;
		this.topicArns = new CachingTopicArnResolver(new TopicsListingTopicArnResolver(sns));
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		properties.queues().forEach(this::queueUrl);
		properties.topics().forEach(this::topicArn);
		List<String> drifted = driftedSubscriptions(properties.listensOn(), LOOKUP_TIMEOUT);
		if (!drifted.isEmpty()) {
			throw new TopologyDriftException(drifted);
		}
		log.info("Messaging topology present: queues {}, topics {}, subscriptions of {} as declared",
				properties.queues(), properties.topics(), properties.listensOn());
	}

	/**
	 * How the subscriptions {@code infra/topology.json} declares for these queues differ from the deployed ones: none
	 * when each exists with its declared filter policy (compared as JSON, see {@link DeclaredTopology#normalized}) and
	 * raw message delivery. One ListSubscriptionsByTopic a page (100 subscriptions) of each topic and one
	 * GetSubscriptionAttributes a subscription.
	 * @throws MissingTopologyException when a subscribed topic does not exist
	 */
	List<String> driftedSubscriptions(Collection<String> queues, Duration timeout) {
		Map<String, List<DeclaredTopology.Subscription>> byTopic = new LinkedHashMap<>();
		queues.stream()
			.distinct()
			.flatMap(queue -> DeclaredTopology.subscriptionsOf(queue).stream())
			.forEach(subscription -> byTopic.computeIfAbsent(subscription.topic(), topic -> new ArrayList<>())
				.add(subscription));
		List<String> drifted = new ArrayList<>();
		byTopic.forEach((topic, declared) -> {
			String topicArn = topicArn(topic);
			Map<String, String> byEndpoint;
			try {
				byEndpoint = sqsSubscriptions(topicArn, timeout);
			}
			catch (NotFoundException ex) {
				// Its ARN was resolved, and kept, before it went: only SNS's answer now says it is gone.
				throw new MissingTopologyException("SNS topic", topic, ex);
			}
			for (DeclaredTopology.Subscription subscription : declared) {
				String arn = byEndpoint.get(sqsArn(topicArn, subscription.queue()));
				if (arn == null || !arn.startsWith("arn:")) {
					drifted.add(("SNS subscription of queue %s to topic %s does not exist, but infra/topology.json "
							+ "declares it: SNS delivers none of its events there").formatted(subscription.queue(),
									topic));
					continue;
				}
				Map<String, String> attributes;
				try {
					attributes = sns.getSubscriptionAttributes(request -> request
						.subscriptionArn(arn)
						.overrideConfiguration(override -> override.apiCallTimeout(timeout))).attributes();
				}
				catch (NotFoundException ex) {
					drifted.add(("SNS subscription of queue %s to topic %s was deleted while it was read, but "
							+ "infra/topology.json declares it").formatted(subscription.queue(), topic));
					continue;
				}
				drifted.addAll(drifted(subscription, attributes));
			}
		});
		return drifted;
	}

	private static List<String> drifted(DeclaredTopology.Subscription declared, Map<String, String> attributes) {
		List<String> drifted = new ArrayList<>();
		String name = "SNS subscription of queue %s to topic %s".formatted(declared.queue(), declared.topic());
		if (declared.filterPolicy() != null) {
			Optional<JsonNode> deployed = DeclaredTopology.parse(attributes.get("FilterPolicy"));
			if (deployed.isEmpty() || !DeclaredTopology.normalized(deployed.get())
				.equals(DeclaredTopology.normalized(declared.filterPolicy()))) {
				drifted.add("%s filters %s, but infra/topology.json declares %s: SNS drops what the filter rejects"
					.formatted(name, deployed.map(Object::toString).orElse("nothing"), declared.filterPolicy()));
			}
			String scope = attributes.get("FilterPolicyScope");
			if (scope != null && !"MessageAttributes".equals(scope)) {
				drifted.add("%s applies its filter policy to %s, but infra/topology.json filters message attributes"
					.formatted(name, scope));
			}
		}
		if (declared.rawMessageDelivery() != null && !declared.rawMessageDelivery()
			.equals(Boolean.parseBoolean(attributes.get("RawMessageDelivery")))) {
			drifted.add("%s has RawMessageDelivery %s, but infra/topology.json declares %s".formatted(name,
					attributes.get("RawMessageDelivery"), declared.rawMessageDelivery()));
		}
		return drifted;
	}

	/** Subscription ARN by endpoint, of the topic's SQS subscriptions, every page. */
	private Map<String, String> sqsSubscriptions(String topicArn, Duration timeout) {
		Map<String, String> byEndpoint = new HashMap<>();
		String nextToken = null;
		do {
			String page = nextToken;
			ListSubscriptionsByTopicResponse response = sns.listSubscriptionsByTopic(request -> request
				.topicArn(topicArn)
				.nextToken(page)
				.overrideConfiguration(override -> override.apiCallTimeout(timeout)));
			for (Subscription subscription : response.subscriptions()) {
				if ("sqs".equals(subscription.protocol()) && subscription.endpoint() != null) {
					byEndpoint.merge(subscription.endpoint(), Objects.toString(subscription.subscriptionArn(), ""),
							(first, second) -> first.startsWith("arn:") ? first : second);
				}
			}
			nextToken = response.nextToken();
		}
		while (nextToken != null && !nextToken.isEmpty());
		return byEndpoint;
	}

	/** The queue's ARN in the topic's partition, region and account, as the topology deploys them together. */
	private static String sqsArn(String topicArn, String queue) {
		String[] parts = topicArn.split(":", 6);
		if (parts.length < 6) {
			throw new IllegalStateException("SNS topic ARN '" + topicArn + "' is no ARN");
		}
		return "arn:%s:sqs:%s:%s:%s".formatted(parts[1], parts[3], parts[4], queue);
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
