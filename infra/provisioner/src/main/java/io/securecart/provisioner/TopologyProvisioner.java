package io.securecart.provisioner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DeadLetterConfig;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RetryPolicy;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
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
 * subscriptions, event buses with their rules and archives, and the Step Functions state machines with the IAM role
 * each assumes. Queues and topics are encrypted at rest as the topology declares ({@code encryptionAtRest}).
 * <p>
 * Queue policies: AWS lets SNS and EventBridge send to a queue only when the queue's policy allows that topic or rule
 * (moto does not check). Each queue gets one policy with a statement per kind of sender. A state machine sends to its
 * task queues with its role's identity policy instead.
 */
public class TopologyProvisioner {

	private static final Logger log = LoggerFactory.getLogger(TopologyProvisioner.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SqsClient sqs;

	private final SnsClient sns;

	private final EventBridgeClient events;

	private final SfnClient sfn;

	private final IamClient iam;

	public TopologyProvisioner(SqsClient sqs, SnsClient sns, EventBridgeClient events, SfnClient sfn, IamClient iam) {
		this.sqs = sqs;
		this.sns = sns;
		this.events = events;
		this.sfn = sfn;
		this.iam = iam;
	}

	/** @return the URL of every queue and the ARN of every topic, event bus, archive and rule, by name */
	public Map<String, String> provision(Topology topology) {
		Map<String, String> provisioned = new LinkedHashMap<>();
		Map<String, String> queueArns = new HashMap<>();
		for (Topology.QueueSpec queue : topology.queues()) {
			String redrivePolicy = null;
			if (queue.deadLetter() != null) {
				Topology.DeadLetterSpec dlq = queue.deadLetter();
				String dlqUrl = ensureQueue(dlq.name(), encrypted(deadLetterAttributes(dlq, queue.fifo()), topology));
				provisioned.put(dlq.name(), dlqUrl);
				String dlqArn = queueArn(dlqUrl);
				queueArns.put(dlq.name(), dlqArn);
				redrivePolicy = json(Map.of("deadLetterTargetArn", dlqArn, "maxReceiveCount",
						String.valueOf(dlq.maxReceiveCount())));
			}
			String url = ensureQueue(queue.name(), encrypted(queueAttributes(queue, redrivePolicy), topology));
			provisioned.put(queue.name(), url);
			queueArns.put(queue.name(), queueArn(url));
		}
		Map<String, String> topicArns = new HashMap<>();
		for (Topology.TopicSpec topic : topology.topics()) {
			String arn = sns.createTopic(request -> request.name(topic.name())).topicArn();
			// Set after creation: CreateTopic with other attributes than an existing topic's fails on AWS.
			String key = topology.encryptionAtRest().topics() ? Topology.EncryptionAtRestSpec.AWS_MANAGED_SNS_KEY : "";
			sns.setTopicAttributes(request -> request.topicArn(arn).attributeName("KmsMasterKeyId").attributeValue(key));
			topicArns.put(topic.name(), arn);
			provisioned.put(topic.name(), arn);
			log.info("topic    {} ready, encrypted at rest: {}", topic.name(), topology.encryptionAtRest().topics());
		}
		Map<String, List<String>> topicsByQueue = new HashMap<>();
		for (Topology.SubscriptionSpec subscription : topology.subscriptions()) {
			String topicArn = topicArns.get(subscription.topic());
			String deliveryDeadLetterArn = null;
			if (subscription.deadLetter() != null) {
				Topology.SubscriptionDeadLetterSpec dlq = subscription.deadLetter();
				String dlqUrl = ensureQueue(dlq.name(), encrypted(new HashMap<>(Map.of(
						QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(dlq.messageRetentionSeconds()))),
						topology));
				provisioned.put(dlq.name(), dlqUrl);
				deliveryDeadLetterArn = queueArn(dlqUrl);
				queueArns.put(dlq.name(), deliveryDeadLetterArn);
				// SNS itself sends to a subscription's DLQ: on AWS the queue's policy must allow the topic.
				topicsByQueue.computeIfAbsent(dlq.name(), queue -> new ArrayList<>()).add(topicArn);
			}
			ensureSubscription(topicArn, queueArns.get(subscription.queue()), subscription, deliveryDeadLetterArn);
			topicsByQueue.computeIfAbsent(subscription.queue(), queue -> new ArrayList<>()).add(topicArn);
		}
		Map<String, List<Map<String, Object>>> statementsByQueue = new LinkedHashMap<>();
		topicsByQueue.forEach((queue, topics) -> statementsByQueue.computeIfAbsent(queue, key -> new ArrayList<>())
			.add(allowToSend("AllowOrderEventTopics", "sns.amazonaws.com", queueArns.get(queue), topics)));
		for (Topology.EventBusSpec bus : topology.eventBuses()) {
			provisionEventBus(bus, queueArns, provisioned, statementsByQueue);
		}
		statementsByQueue.forEach((queue, statements) -> setPolicy(provisioned.get(queue), statements));
		for (Topology.StateMachineSpec machine : topology.stateMachines()) {
			provisioned.put(machine.name(), provisionStateMachine(machine, provisioned::get, queueArns::get));
		}
		return provisioned;
	}

	private void provisionEventBus(Topology.EventBusSpec bus, Map<String, String> queueArns,
			Map<String, String> provisioned, Map<String, List<Map<String, Object>>> statementsByQueue) {
		String busArn = ensureEventBus(bus);
		provisioned.put(bus.name(), busArn);
		if (bus.archive() != null) {
			provisioned.put(bus.archive().name(), ensureArchive(busArn, bus.archive()));
		}
		for (Topology.RuleSpec rule : bus.rules()) {
			String ruleArn = events.putRule(request -> request.name(rule.name())
				.eventBusName(bus.name())
				.description(rule.description())
				.eventPattern(json(rule.eventPattern()))
				.state(RuleState.ENABLED)).ruleArn();
			provisioned.put(rule.name(), ruleArn);
			List<Target> targets = rule.targets().stream().map(target -> target(target, queueArns)).toList();
			var answer = events.putTargets(request -> request.rule(rule.name()).eventBusName(bus.name()).targets(targets));
			if (answer.failedEntryCount() > 0) {
				throw new IllegalStateException("Targets of rule " + rule.name() + " refused: " + answer.failedEntries());
			}
			for (Topology.TargetSpec target : rule.targets()) {
				// EventBridge sends to the target queue, and to the target's DLQ what it could not deliver.
				java.util.stream.Stream.of(target.queue(), target.deadLetterQueue())
					.filter(java.util.Objects::nonNull)
					.forEach(queue -> statementsByQueue.computeIfAbsent(queue, key -> new ArrayList<>())
						.add(allowToSend("AllowEventBridgeRule" + ruleSid(rule.name()), "events.amazonaws.com",
								queueArns.get(queue), List.of(ruleArn))));
			}
			log.info("rule     {} on bus {} ready, pattern {}, targets {}", rule.name(), bus.name(),
					json(rule.eventPattern()), rule.targets().stream().map(Topology.TargetSpec::queue).toList());
		}
	}

	private String ensureEventBus(Topology.EventBusSpec bus) {
		try {
			String arn = events.describeEventBus(request -> request.name(bus.name())).arn();
			log.info("bus      {} up to date", bus.name());
			return arn;
		}
		catch (ResourceNotFoundException ex) {
			String arn = events.createEventBus(request -> request.name(bus.name()).description(bus.description()))
				.eventBusArn();
			log.info("bus      {} created", bus.name());
			return arn;
		}
	}

	private String ensureArchive(String busArn, Topology.ArchiveSpec archive) {
		String pattern = json(archive.eventPattern());
		try {
			events.describeArchive(request -> request.archiveName(archive.name()));
			String arn = events.updateArchive(request -> request.archiveName(archive.name())
				.description(archive.description())
				.eventPattern(pattern)
				.retentionDays(archive.retentionDays())).archiveArn();
			log.info("archive  {} up to date", archive.name());
			return arn;
		}
		catch (ResourceNotFoundException ex) {
			String arn = events.createArchive(request -> request.archiveName(archive.name())
				.eventSourceArn(busArn)
				.description(archive.description())
				.eventPattern(pattern)
				.retentionDays(archive.retentionDays())).archiveArn();
			log.info("archive  {} created, {} days", archive.name(), archive.retentionDays());
			return arn;
		}
	}

	private static Target target(Topology.TargetSpec spec, Map<String, String> queueArns) {
		Target.Builder target = Target.builder().id(spec.id()).arn(queueArns.get(spec.queue()));
		if (spec.deadLetterQueue() != null) {
			target.deadLetterConfig(DeadLetterConfig.builder().arn(queueArns.get(spec.deadLetterQueue())).build());
		}
		if (spec.retryPolicy() != null) {
			target.retryPolicy(RetryPolicy.builder()
				.maximumRetryAttempts(spec.retryPolicy().maximumRetryAttempts())
				.maximumEventAgeInSeconds(spec.retryPolicy().maximumEventAgeInSeconds())
				.build());
		}
		return target.build();
	}

	private static String ruleSid(String ruleName) {
		return ruleName.replaceAll("[^A-Za-z0-9]", "");
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
			// High-throughput mode as declared: a quota on AWS only; the emulators store the values.
			attributes.put(QueueAttributeName.DEDUPLICATION_SCOPE, queue.deduplicationScope());
			attributes.put(QueueAttributeName.FIFO_THROUGHPUT_LIMIT, queue.fifoThroughputLimit());
		}
		if (redrivePolicy != null) {
			attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy);
		}
		return attributes;
	}

	/** SQS-managed server-side encryption (SSE-SQS), on or off as the topology declares. */
	private static Map<QueueAttributeName, String> encrypted(Map<QueueAttributeName, String> attributes,
			Topology topology) {
		attributes.put(QueueAttributeName.SQS_MANAGED_SSE_ENABLED,
				String.valueOf(topology.encryptionAtRest().queues()));
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
	 * Lets {@code service} (SNS, EventBridge) send to the queue, from these topics or rules only. AWS delivers to SQS
	 * only when the queue's policy allows it (moto does not check); that holds for a subscription's dead-letter queue
	 * too, which SNS writes to directly.
	 */
	private static Map<String, Object> allowToSend(String sid, String service, String queueArn,
			List<String> sourceArns) {
		return Map.of("Sid", sid, "Effect", "Allow", "Principal", Map.of("Service", service), "Action",
				"sqs:SendMessage", "Resource", queueArn, "Condition",
				Map.of("ArnEquals", Map.of("aws:SourceArn", sourceArns)));
	}

	private void setPolicy(String queueUrl, List<Map<String, Object>> statements) {
		Map<String, Object> policy = Map.of("Version", "2012-10-17", "Statement", statements);
		sqs.setQueueAttributes(request -> request.queueUrl(queueUrl)
			.attributes(Map.of(QueueAttributeName.POLICY, json(policy))));
	}

	private static String json(Object value) {
		return JSON.writeValueAsString(value);
	}
}
