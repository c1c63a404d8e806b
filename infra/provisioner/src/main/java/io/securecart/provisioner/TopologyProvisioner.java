package io.securecart.provisioner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the broker match a {@link Topology}: creates what is missing and reconciles the attributes of what exists,
 * so running it twice changes nothing. The same code provisions moto, LocalStack and AWS: queues, topics,
 * subscriptions, and the Step Functions state machines with the IAM role each assumes.
 */
public class TopologyProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopologyProvisioner.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SqsClient sqs;

	private final SnsClient sns;

	private final SfnClient sfn;

	private final IamClient iam;

	/** For a topology without state machines. */
	public TopologyProvisioner(SqsClient sqs, SnsClient sns) {
		this(sqs, sns, null, null);
	}

	public TopologyProvisioner(SqsClient sqs, SnsClient sns, SfnClient sfn, IamClient iam) {
		this.sqs = sqs;
		this.sns = sns;
		this.sfn = sfn;
		this.iam = iam;
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
			ensureSubscription(topicArn, queueArns.get(subscription.queue()), subscription);
			topicsByQueue.computeIfAbsent(subscription.queue(), queue -> new ArrayList<>()).add(topicArn);
		}
		topicsByQueue.forEach((queue, topics) -> allowTopicsToSend(provisioned.get(queue), queueArns.get(queue),
				topics));
		for (Topology.StateMachineSpec machine : topology.stateMachines()) {
			provisioned.put(machine.name(), provisionStateMachine(machine, provisioned::get, queueArns::get));
		}
		return provisioned;
	}

	/**
	 * Creates the state machine, or updates its definition and role when it exists, and the role it assumes.
	 * @param queueUrls URL of every queue of the topology by name (queues must be provisioned first)
	 * @return the state machine's ARN
	 */
	public String provisionStateMachine(Topology.StateMachineSpec machine, java.util.function.Function<String, String> queueUrls,
			java.util.function.Function<String, String> queueArns) {
		if (sfn == null || iam == null) {
			throw new IllegalStateException("State machine " + machine.name()
					+ " is declared: the provisioner needs Step Functions and IAM clients");
		}
		String definition = machine.render(queueUrls);
		String roleArn = ensureRole(machine, machine.taskQueues().stream().map(queueArns).toList());
		Optional<String> existing = stateMachineArn(machine.name());
		if (existing.isPresent()) {
			sfn.updateStateMachine(request -> request.stateMachineArn(existing.get())
				.definition(definition)
				.roleArn(roleArn));
			log.info("state machine {} up to date", machine.name());
			return existing.get();
		}
		String arn = createStateMachine(machine.name(), definition, roleArn);
		log.info("state machine {} created", machine.name());
		return arn;
	}

	/** Creates a state machine; on AWS a new role can take seconds before Step Functions may assume it. */
	private String createStateMachine(String name, String definition, String roleArn) {
		for (int attempt = 1;; attempt++) {
			try {
				return sfn.createStateMachine(request -> request.name(name).definition(definition).roleArn(roleArn))
					.stateMachineArn();
			}
			catch (SfnException ex) {
				boolean roleNotYetAssumable = ex.awsErrorDetails() != null
						&& "AccessDeniedException".equals(ex.awsErrorDetails().errorCode());
				if (!roleNotYetAssumable || attempt == 10) {
					throw ex;
				}
				log.info("role {} not assumable yet, retrying in 3 s", roleArn);
				try {
					Thread.sleep(3000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private Optional<String> stateMachineArn(String name) {
		return sfn.listStateMachinesPaginator(request -> request.maxResults(100))
			.stateMachines()
			.stream()
			.filter(machine -> machine.name().equals(name))
			.map(StateMachineListItem::stateMachineArn)
			.findFirst();
	}

	/** The role Step Functions assumes to run the machine: it may send to the task queues, nothing else. */
	private String ensureRole(Topology.StateMachineSpec machine, List<String> taskQueueArns) {
		String trust = json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Principal",
				Map.of("Service", "states.amazonaws.com"), "Action", "sts:AssumeRole"))));
		String permissions = json(Map.of("Version", "2012-10-17", "Statement",
				List.of(Map.of("Effect", "Allow", "Action", "sqs:SendMessage", "Resource", taskQueueArns))));
		String arn;
		try {
			arn = iam.getRole(request -> request.roleName(machine.roleName())).role().arn();
			iam.updateAssumeRolePolicy(request -> request.roleName(machine.roleName()).policyDocument(trust));
		}
		catch (NoSuchEntityException ex) {
			arn = iam.createRole(request -> request.roleName(machine.roleName())
				.assumeRolePolicyDocument(trust)
				.description("Assumed by Step Functions to run " + machine.name()))
				.role()
				.arn();
		}
		iam.putRolePolicy(request -> request.roleName(machine.roleName())
			.policyName("send-to-task-queues")
			.policyDocument(permissions));
		log.info("role     {} ready", machine.roleName());
		return arn;
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

	private void ensureSubscription(String topicArn, String queueArn, Topology.SubscriptionSpec spec) {
		Optional<Subscription> existing = sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter(subscription -> queueArn.equals(subscription.endpoint()))
			.findFirst();
		String filterPolicy = json(spec.filterPolicy());
		String raw = String.valueOf(spec.rawMessageDelivery());
		if (existing.isPresent()) {
			String arn = existing.get().subscriptionArn();
			sns.setSubscriptionAttributes(request -> request.subscriptionArn(arn)
				.attributeName("FilterPolicy")
				.attributeValue(filterPolicy));
			sns.setSubscriptionAttributes(request -> request.subscriptionArn(arn)
				.attributeName("RawMessageDelivery")
				.attributeValue(raw));
			log.info("subscription {} -> {} up to date, filter {}", spec.topic(), spec.queue(), filterPolicy);
			return;
		}
		sns.subscribe(request -> request.topicArn(topicArn)
			.protocol("sqs")
			.endpoint(queueArn)
			.returnSubscriptionArn(true)
			.attributes(Map.of("FilterPolicy", filterPolicy, "RawMessageDelivery", raw)));
		log.info("subscription {} -> {} created, filter {}", spec.topic(), spec.queue(), filterPolicy);
	}

	/** AWS delivers from SNS to SQS only when the queue's policy allows the topic to send (moto does not check). */
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
