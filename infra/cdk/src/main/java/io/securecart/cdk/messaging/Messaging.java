package io.securecart.cdk.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.securecart.provisioner.Topology;
import io.securecart.provisioner.Topology.EventBusSpec;
import io.securecart.provisioner.Topology.QueueSpec;
import io.securecart.provisioner.Topology.RuleSpec;
import io.securecart.provisioner.Topology.StateMachineSpec;
import io.securecart.provisioner.Topology.SubscriptionSpec;
import io.securecart.provisioner.Topology.TargetSpec;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.Archive;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.StringConditions;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.DeduplicationScope;
import software.amazon.awscdk.services.sqs.FifoThroughputLimit;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messaging topology of {@code infra/topology.json}, exactly as the provisioner creates it on the emulators, with
 * what only AWS has: SSE-KMS with one customer managed key (where the topology's {@code encryptionAtRest} asks for it), queue policies that let SNS and EventBridge deliver
 * (added by the subscriptions and targets), TLS-only queue policies, and high-throughput mode on FIFO queues.
 */
public class Messaging extends Construct {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Key key;

	private final Map<String, Queue> queues = new LinkedHashMap<>();

	private final Map<String, Topic> topics = new LinkedHashMap<>();

	private final Map<String, EventBus> buses = new LinkedHashMap<>();

	private final Map<String, Archive> archives = new LinkedHashMap<>();

	private final Map<String, Rule> rules = new LinkedHashMap<>();

	private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();

	private final Map<String, Subscription> subscriptionsByQueue = new LinkedHashMap<>();

	private final Map<String, Bucket> buckets = new LinkedHashMap<>();
	private final Map<String, Stream> streams = new LinkedHashMap<>();
	/** The topology's {@code encryptionAtRest.queues}: SSE-KMS with {@link #key} when true, none when false. */
	private final boolean encryptQueues;

	public Messaging(Construct scope, String id, Topology topology) {
		super(scope, id);
		this.key = Key.Builder.create(this, "Key")
			.alias("alias/securecart-messaging")
			.description("SSE-KMS of SecureCart's queues and topics")
			.enableKeyRotation(true)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		// SNS and EventBridge encrypt what they deliver to the queues with this key (SqsSubscription adds SNS too).
		for (String service : List.of("sns.amazonaws.com", "events.amazonaws.com")) {
			key.grant(new ServicePrincipal(service), "kms:GenerateDataKey*", "kms:Decrypt");
		}
		this.encryptQueues = topology.encryptionAtRest().queues();
		topology.queues().forEach(this::defineQueue);
		topology.topics().forEach(topic -> {
			Topic.Builder builder = Topic.Builder.create(this, "Topic-" + topic.name())
				.topicName(topic.name())
				.displayName(topic.name())
				.enforceSsl(true);
			if (topology.encryptionAtRest().topics()) {
				builder.masterKey(key);
			}
			topics.put(topic.name(), builder.build());
		});
		topology.subscriptions().forEach(this::defineSubscription);
		topology.eventBuses().forEach(this::defineEventBus);
		topology.stateMachines().forEach(this::defineStateMachine);
		topology.buckets().forEach(this::defineBucket);
		topology.streams().forEach(this::defineStream);
	}

	/**
	 * The claim check's bucket (ADR 16). No bucket name: S3 names are global, so CloudFormation makes one up and the
	 * services get it in {@code SECURECART_MESSAGING_CLAIM_CHECK_BUCKET}. Destroyed with the stack only when empty,
	 * which its lifecycle rule makes it within {@code expirationDays}.
	 */
	private void defineBucket(Topology.BucketSpec spec) {
		if (!"AES256".equals(spec.encryption())) {
			throw new IllegalArgumentException("Bucket " + spec.name() + ": only AES256 (SSE-S3) is supported");
		}
		buckets.put(spec.name(), Bucket.Builder.create(this, "Bucket-" + spec.name())
			.encryption(BucketEncryption.S3_MANAGED)
			.blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
			.enforceSsl(true)
			.lifecycleRules(List.of(LifecycleRule.builder()
				.id(io.securecart.provisioner.BucketProvisioner.EXPIRATION_RULE)
				.expiration(Duration.days(spec.expirationDays()))
				.build()))
			.removalPolicy(RemovalPolicy.DESTROY)
			.build());
	}

	public Bucket bucket(String name) {
		return require(buckets, name, "bucket");
	}

	private void defineQueue(QueueSpec spec) {
		Queue.Builder queue = encrypted(Queue.Builder.create(this, "Queue-" + spec.name()), spec.name(), spec.fifo())
			.visibilityTimeout(Duration.seconds(spec.visibilityTimeoutSeconds()))
			.receiveMessageWaitTime(Duration.seconds(spec.receiveWaitTimeSeconds()))
			.retentionPeriod(Duration.seconds(spec.messageRetentionSeconds()));
		if (spec.fifo()) {
			// As declared (high-throughput FIFO: deduplication and the throughput quota per message group).
			queue.deduplicationScope("messageGroup".equals(spec.deduplicationScope()) ? DeduplicationScope.MESSAGE_GROUP
					: DeduplicationScope.QUEUE)
				.fifoThroughputLimit("perMessageGroupId".equals(spec.fifoThroughputLimit())
						? FifoThroughputLimit.PER_MESSAGE_GROUP_ID : FifoThroughputLimit.PER_QUEUE);
		}
		if (spec.deadLetter() != null) {
			Queue deadLetter = encrypted(Queue.Builder.create(this, "Queue-" + spec.deadLetter().name()),
					spec.deadLetter().name(), spec.fifo())
				.retentionPeriod(Duration.seconds(spec.deadLetter().messageRetentionSeconds()))
				.build();
			queues.put(spec.deadLetter().name(), deadLetter);
			queue.deadLetterQueue(DeadLetterQueue.builder()
				.queue(deadLetter)
				.maxReceiveCount(spec.deadLetter().maxReceiveCount())
				.build());
		}
		queues.put(spec.name(), queue.build());
	}

	private Queue.Builder encrypted(Queue.Builder queue, String name, boolean fifo) {
		queue.queueName(name).enforceSsl(true);
		encryption(queue);
		if (fifo) {
			// The publisher sets each message's deduplication id (as on the emulators).
			queue.fifo(true).contentBasedDeduplication(false);
		}
		return queue;
	}

	private Queue.Builder encryption(Queue.Builder queue) {
		return encryptQueues ? queue.encryption(QueueEncryption.KMS).encryptionMasterKey(key)
				: queue.encryption(QueueEncryption.UNENCRYPTED);
	}

	private void defineSubscription(SubscriptionSpec spec) {
		SqsSubscription.Builder subscription = SqsSubscription.Builder.create(queue(spec.queue()))
			.rawMessageDelivery(spec.rawMessageDelivery());
		Map<String, SubscriptionFilter> filter = new LinkedHashMap<>();
		spec.filterPolicy()
			.forEach((attribute, values) -> filter.put(attribute,
					SubscriptionFilter.stringFilter(StringConditions.builder().allowlist(values).build())));
		subscription.filterPolicy(filter);
		if (spec.deadLetter() != null) {
			Queue deadLetter = encryption(Queue.Builder.create(this, "Queue-" + spec.deadLetter().name()))
				.queueName(spec.deadLetter().name())
				.enforceSsl(true)
				.retentionPeriod(Duration.seconds(spec.deadLetter().messageRetentionSeconds()))
				.build();
			queues.put(spec.deadLetter().name(), deadLetter);
			subscription.deadLetterQueue(deadLetter);
		}
		subscriptionsByQueue.put(spec.queue(), topic(spec.topic()).addSubscription(subscription.build()));
	}

	private void defineEventBus(EventBusSpec spec) {
		EventBus bus = EventBus.Builder.create(this, "Bus-" + spec.name())
			.eventBusName(spec.name())
			.description(spec.description())
			.build();
		buses.put(spec.name(), bus);
		if (spec.archive() != null) {
			archives.put(spec.name(), Archive.Builder.create(this, "Archive-" + spec.archive().name())
				.sourceEventBus(bus)
				.archiveName(spec.archive().name())
				.description(spec.archive().description())
				.retention(Duration.days(spec.archive().retentionDays()))
				.eventPattern(eventPattern(spec.archive().eventPattern()))
				.build());
		}
		for (RuleSpec ruleSpec : spec.rules()) {
			Rule rule = Rule.Builder.create(this, "Rule-" + ruleSpec.name())
				.eventBus(bus)
				.ruleName(ruleSpec.name())
				.description(ruleSpec.description())
				.eventPattern(eventPattern(ruleSpec.eventPattern()))
				.build();
			for (TargetSpec target : ruleSpec.targets()) {
				SqsQueue.Builder sqsTarget = SqsQueue.Builder.create(queue(target.queue()));
				if (target.deadLetterQueue() != null) {
					sqsTarget.deadLetterQueue(queue(target.deadLetterQueue()));
				}
				if (target.retryPolicy() != null) {
					sqsTarget.retryAttempts(target.retryPolicy().maximumRetryAttempts())
						.maxEventAge(Duration.seconds(target.retryPolicy().maximumEventAgeInSeconds()));
				}
				rule.addTarget(sqsTarget.build());
			}
			rules.put(ruleSpec.name(), rule);
		}
	}

	/** The declared pattern, field by field; a field CDK's pattern does not name fails the synthesis. */
	@SuppressWarnings("unchecked")
	private static EventPattern eventPattern(tools.jackson.databind.JsonNode declared) {
		Map<String, Object> fields = JSON.treeToValue(declared, LinkedHashMap.class);
		EventPattern.Builder pattern = EventPattern.builder();
		fields.forEach((field, value) -> {
			switch (field) {
				case "source" -> pattern.source((List<String>) value);
				case "detail-type" -> pattern.detailType((List<String>) value);
				case "detail" -> pattern.detail((Map<String, Object>) value);
				case "account" -> pattern.account((List<String>) value);
				case "region" -> pattern.region((List<String>) value);
				case "resources" -> pattern.resources((List<String>) value);
				default -> throw new IllegalArgumentException("Event pattern field " + field + " is not mapped to CDK");
			}
		});
		return pattern.build();
	}

	/**
	 * The declared definition, rendered as the provisioner renders it (numbers as numbers), except that each task
	 * queue's URL stays a placeholder that CloudFormation fills in ({@code DefinitionSubstitutions}).
	 */
	private void defineStateMachine(StateMachineSpec spec) {
		Map<String, String> queuePlaceholders = new LinkedHashMap<>();
		Map<String, String> substitutions = new LinkedHashMap<>();
		spec.definitionSubstitutions().forEach((placeholder, value) -> {
			if (value instanceof String text && text.startsWith(StateMachineSpec.QUEUE_URL_PREFIX)) {
				String queueName = text.substring(StateMachineSpec.QUEUE_URL_PREFIX.length());
				queuePlaceholders.put(queueName, "${" + placeholder + "}");
				substitutions.put(placeholder, queue(queueName).getQueueUrl());
			}
		});
		Role role = Role.Builder.create(this, "StateMachineRole-" + spec.name())
			.roleName(spec.roleName())
			.description("Assumed by Step Functions to run " + spec.name() + ": sends to its task queues")
			.assumedBy(new ServicePrincipal("states.amazonaws.com"))
			.build();
		for (String taskQueue : spec.taskQueues()) {
			role.addToPolicy(PolicyStatement.Builder.create()
				.actions(List.of("sqs:SendMessage"))
				.resources(List.of(queue(taskQueue).getQueueArn()))
				.build());
		}
		role.addToPolicy(PolicyStatement.Builder.create()
			.actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
			.resources(List.of(key.getKeyArn()))
			.build());
		stateMachines.put(spec.name(), StateMachine.Builder.create(this, "StateMachine-" + spec.name())
			.stateMachineName(spec.name())
			.comment(spec.description())
			.role(role)
			.tracingEnabled(true)
			.definitionBody(DefinitionBody.fromString(spec.render(queuePlaceholders::get)))
			.definitionSubstitutions(substitutions)
			.build());
	}

	/** A Kinesis stream, encrypted at rest with the AWS managed key of Kinesis (alias/aws/kinesis). */
	private void defineStream(Topology.StreamSpec spec) {
		streams.put(spec.name(), Stream.Builder.create(this, "Stream-" + spec.name())
			.streamName(spec.name())
			.shardCount(spec.shardCount())
			.retentionPeriod(Duration.hours(spec.retentionHours()))
			.encryption(StreamEncryption.MANAGED)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build());
	}

	public Stream stream(String name) {
		Stream stream = streams.get(name);
		if (stream == null) {
			throw new IllegalArgumentException("No stream " + name + " in the topology");
		}
		return stream;
	}

	public Key key() {
		return key;
	}

	public Queue queue(String name) {
		return require(queues, name, "queue");
	}

	public Topic topic(String name) {
		return require(topics, name, "topic");
	}

	/** The subscription that delivers to a queue, if any. */
	public java.util.Optional<Subscription> subscriptionOf(String queue) {
		return java.util.Optional.ofNullable(subscriptionsByQueue.get(queue));
	}

	public EventBus eventBus(String name) {
		return require(buses, name, "event bus");
	}

	public Archive archiveOf(String bus) {
		return require(archives, bus, "archive of bus");
	}

	public Map<String, Rule> rules() {
		return Map.copyOf(rules);
	}

	public StateMachine stateMachine(String name) {
		return require(stateMachines, name, "state machine");
	}

	private static <T> T require(Map<String, T> declared, String name, String kind) {
		T found = declared.get(name);
		if (found == null) {
			throw new IllegalArgumentException("No " + kind + " " + name + " in infra/topology.json");
		}
		return found;
	}
}
