package io.securecart.provisioner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messaging topology as declared in {@code infra/topology.json}, with the Amazon States Language definitions its
 * state machines point at (files next to it, e.g. {@code statemachines/fulfillment.asl.json}).
 */
public record Topology(List<TopicSpec> topics, List<QueueSpec> queues, List<SubscriptionSpec> subscriptions,
		List<EventBusSpec> eventBuses, List<StateMachineSpec> stateMachines, List<BucketSpec> buckets,
		List<StreamSpec> streams, EncryptionAtRestSpec encryptionAtRest) {

	public static final String RESOURCE = "/topology.json";

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	public Topology {
		topics = List.copyOf(topics);
		queues = List.copyOf(queues);
		subscriptions = List.copyOf(subscriptions);
		eventBuses = eventBuses == null ? List.of() : List.copyOf(eventBuses);
		List<String> queueNames = queueNames(queues);
		for (EventBusSpec bus : eventBuses) {
			for (RuleSpec rule : bus.rules()) {
				for (TargetSpec target : rule.targets()) {
					if (!queueNames.contains(target.queue())) {
						throw new IllegalArgumentException("Rule " + rule.name() + " targets undeclared queue "
								+ target.queue() + " (EventBridge fails PutEvents for a missing target on moto)");
					}
					if (target.deadLetterQueue() != null && !queueNames.contains(target.deadLetterQueue())) {
						throw new IllegalArgumentException("Rule " + rule.name() + " dead-letters to undeclared queue "
								+ target.deadLetterQueue());
					}
				}
			}
		}
		stateMachines = stateMachines == null ? List.of() : List.copyOf(stateMachines);
		buckets = buckets == null ? List.of() : List.copyOf(buckets);
		streams = streams == null ? List.of() : List.copyOf(streams);
		if (encryptionAtRest == null) {
			throw new IllegalArgumentException("Declare encryptionAtRest for queues and topics (true or false), "
					+ "never leave it to a default");
		}
		for (SubscriptionSpec subscription : subscriptions) {
			if (topics.stream().noneMatch(topic -> topic.name().equals(subscription.topic()))) {
				throw new IllegalArgumentException("Subscription to undeclared topic " + subscription.topic());
			}
			if (queues.stream().noneMatch(queue -> queue.name().equals(subscription.queue()))) {
				throw new IllegalArgumentException("Subscription of undeclared queue " + subscription.queue());
			}
		}
		for (StateMachineSpec machine : stateMachines) {
			for (String queue : machine.taskQueues()) {
				if (queues.stream().noneMatch(declared -> declared.name().equals(queue))) {
					throw new IllegalArgumentException("State machine " + machine.name() + " sends to undeclared queue "
							+ queue);
				}
			}
		}
	}

	/** A topology built in code (tests): no buckets or streams, encrypted at rest as the declared one is. */
	public Topology(List<TopicSpec> topics, List<QueueSpec> queues, List<SubscriptionSpec> subscriptions,
			List<EventBusSpec> eventBuses, List<StateMachineSpec> stateMachines) {
		this(topics, queues, subscriptions, eventBuses, stateMachines, List.of(), List.of(),
				new EncryptionAtRestSpec(null, true, true));
	}

	/** The declaration packaged with this module (copied from {@code infra/topology.json} at build time). */
	public static Topology declared() {
		try (InputStream in = Topology.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the classpath");
			}
			return withDefinitions(JSON.readTree(in), definition -> {
				try (InputStream file = Topology.class.getResourceAsStream("/" + definition)) {
					if (file == null) {
						throw new IllegalStateException("State machine definition " + definition
								+ " is not on the classpath");
					}
					return JSON.readTree(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Topology read(Path file) {
		try {
			Path directory = file.toAbsolutePath().getParent();
			return withDefinitions(JSON.readTree(Files.readString(file)), definition -> {
				try {
					return JSON.readTree(Files.readString(directory.resolve(definition)));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads each state machine's definition file (a path relative to topology.json) into its declaration. */
	private static Topology withDefinitions(JsonNode declaration, Function<String, JsonNode> readDefinition) {
		if (declaration.get("stateMachines") instanceof ArrayNode machines) {
			for (JsonNode machine : machines) {
				((ObjectNode) machine).set("definitionDocument", readDefinition.apply(machine.get("definition").asString()));
			}
		}
		return JSON.treeToValue(declaration, Topology.class);
	}

	public Optional<StateMachineSpec> stateMachine(String name) {
		return stateMachines.stream().filter(machine -> machine.name().equals(name)).findFirst();
	}

	/** Every queue name, dead-letter queues (of queues and of subscriptions) included. */
	public List<String> allQueueNames() {
		return java.util.stream.Stream.concat(queueNames(queues).stream(),
				subscriptions.stream()
					.filter(subscription -> subscription.deadLetter() != null)
					.map(subscription -> subscription.deadLetter().name()))
			.toList();
	}

	/** The queues' names and their dead-letter queues' (what an EventBridge target may name). */
	private static List<String> queueNames(List<QueueSpec> queues) {
		return queues.stream()
			.flatMap(queue -> queue.deadLetter() == null ? java.util.stream.Stream.of(queue.name())
					: java.util.stream.Stream.of(queue.name(), queue.deadLetter().name()))
			.toList();
	}

	/** Every dead-letter queue's name: of queues (failed receives) and of subscriptions (failed SNS deliveries). */
	public List<String> deadLetterQueueNames() {
		return java.util.stream.Stream.concat(
				queues.stream().filter(queue -> queue.deadLetter() != null).map(queue -> queue.deadLetter().name()),
				subscriptions.stream()
					.filter(subscription -> subscription.deadLetter() != null)
					.map(subscription -> subscription.deadLetter().name()))
			.toList();
	}

	public Optional<QueueSpec> queue(String name) {
		return queues.stream().filter(queue -> queue.name().equals(name)).findFirst();
	}

	public record TopicSpec(String name, String description) {
	}

	public Optional<StreamSpec> stream(String name) {
		return streams.stream().filter(stream -> stream.name().equals(name)).findFirst();
	}

	/**
	 * A Kinesis data stream (provisioned capacity, {@code shardCount} shards), who puts on it and who reads it.
	 */
	public record StreamSpec(String name, String description, int shardCount, int retentionHours,
			List<String> producers, String consumer) {

		public StreamSpec {
			producers = producers == null ? List.of() : List.copyOf(producers);
			if (shardCount < 1) {
				throw new IllegalArgumentException("Stream " + name + " needs at least one shard");
			}
			if (retentionHours < 24 || retentionHours > 8760) {
				throw new IllegalArgumentException("retentionHours must be 24..8760 (AWS), was " + retentionHours);
			}
		}
	}

	/**
	 * An S3 bucket (the claim check's large payloads, ADR 16): objects expire {@code expirationDays} after they were
	 * written, encrypted at rest with {@code encryption} (an S3 server-side algorithm, {@code AES256} = SSE-S3).
	 */
	public record BucketSpec(String name, String description, int expirationDays, String encryption) {

		public BucketSpec {
			if (expirationDays < 1) {
				throw new IllegalArgumentException("Bucket " + name + ": expirationDays must be at least 1");
			}
		}
	}

	/**
	 * Server-side encryption of every queue (dead-letter queues included) and of every topic. The provisioner turns on
	 * SQS-managed SSE ({@code SqsManagedSseEnabled}) and the AWS managed SNS key ({@link #AWS_MANAGED_SNS_KEY}); the
	 * CDK app one customer managed KMS key for both.
	 */
	public record EncryptionAtRestSpec(String description, boolean queues, boolean topics) {

		/** The key SNS encrypts a topic with when no customer managed key is given: AWS creates and rotates it. */
		public static final String AWS_MANAGED_SNS_KEY = "alias/aws/sns";
	}

	/**
	 * A queue a service consumes. FIFO when its name ends in {@code .fifo}, as AWS requires.
	 */
	/**
	 * A queue. A FIFO queue ({@code .fifo}) declares its high-throughput settings, which exist on AWS only (the
	 * emulators store them and ignore them; quotas in docs/aws.md): {@code deduplicationScope} ({@code messageGroup} or
	 * {@code queue}) and {@code fifoThroughputLimit} ({@code perMessageGroupId} or {@code perQueue}); AWS accepts
	 * {@code perMessageGroupId} only with {@code messageGroup}. A standard queue declares neither.
	 */
	public record QueueSpec(String name, String description, String consumer, int visibilityTimeoutSeconds,
			int receiveWaitTimeSeconds, int messageRetentionSeconds, String deduplicationScope,
			String fifoThroughputLimit, DeadLetterSpec deadLetter) {

		public QueueSpec {
			if (!name.endsWith(".fifo")) {
				if (deduplicationScope != null || fifoThroughputLimit != null) {
					throw new IllegalArgumentException(name + " is a standard queue: deduplicationScope and "
							+ "fifoThroughputLimit are FIFO settings");
				}
			}
			else if (!List.of("messageGroup", "queue").contains(String.valueOf(deduplicationScope))
					|| !List.of("perMessageGroupId", "perQueue").contains(String.valueOf(fifoThroughputLimit))) {
				throw new IllegalArgumentException(name + ": declare deduplicationScope (messageGroup or queue) and "
						+ "fifoThroughputLimit (perMessageGroupId or perQueue), never leave them to a default; was "
						+ deduplicationScope + " and " + fifoThroughputLimit);
			}
			else if ("perMessageGroupId".equals(fifoThroughputLimit) && !"messageGroup".equals(deduplicationScope)) {
				throw new IllegalArgumentException(name + ": AWS accepts fifoThroughputLimit perMessageGroupId only "
						+ "with deduplicationScope messageGroup");
			}
		}

		public boolean fifo() {
			return name.endsWith(".fifo");
		}

		/** Both settings at their high-throughput values: the throughput quota and deduplication per message group. */
		public boolean highThroughput() {
			return "messageGroup".equals(deduplicationScope) && "perMessageGroupId".equals(fifoThroughputLimit);
		}
	}

	public record DeadLetterSpec(String name, int maxReceiveCount, int messageRetentionSeconds) {

		public DeadLetterSpec {
			if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
				throw new IllegalArgumentException("maxReceiveCount must be 1..1000 (AWS), was " + maxReceiveCount);
			}
		}
	}

	public Optional<EventBusSpec> eventBus(String name) {
		return eventBuses.stream().filter(bus -> bus.name().equals(name)).findFirst();
	}

	/**
	 * An EventBridge custom bus, its archive and its rules.
	 */
	public record EventBusSpec(String name, String description, ArchiveSpec archive, List<RuleSpec> rules) {

		public EventBusSpec {
			rules = rules == null ? List.of() : List.copyOf(rules);
		}

		public Optional<RuleSpec> rule(String name) {
			return rules.stream().filter(rule -> rule.name().equals(name)).findFirst();
		}
	}

	/** Keeps the bus's events that match {@code eventPattern} for {@code retentionDays}, to replay them. */
	public record ArchiveSpec(String name, String description, int retentionDays,
			tools.jackson.databind.JsonNode eventPattern) {
	}

	/** An EventBridge rule: {@code eventPattern} exactly as AWS reads it. */
	public record RuleSpec(String name, String description, tools.jackson.databind.JsonNode eventPattern,
			List<TargetSpec> targets) {

		public RuleSpec {
			targets = targets == null ? List.of() : List.copyOf(targets);
		}
	}

	/**
	 * An SQS target of a rule (the only kind SecureCart routes to: moto fails PutEvents for SNS, Lambda and Step
	 * Functions targets), with the dead-letter queue and retry policy that AWS applies to deliveries it cannot make.
	 */
	public record TargetSpec(String id, String queue, String deadLetterQueue, RetryPolicySpec retryPolicy) {
	}

	/** AWS's defaults are 185 attempts over 24 h; both at most that. */
	public record RetryPolicySpec(int maximumRetryAttempts, int maximumEventAgeInSeconds) {

		public RetryPolicySpec {
			if (maximumRetryAttempts < 0 || maximumRetryAttempts > 185) {
				throw new IllegalArgumentException("maximumRetryAttempts must be 0..185 (AWS)");
			}
			if (maximumEventAgeInSeconds < 60 || maximumEventAgeInSeconds > 86400) {
				throw new IllegalArgumentException("maximumEventAgeInSeconds must be 60..86400 (AWS)");
			}
		}
	}

	/**
	 * @param deadLetter where SNS puts what it could not deliver to the queue (the subscription's RedrivePolicy)
	 */
	public record SubscriptionSpec(String topic, String queue, boolean rawMessageDelivery,
			Map<String, List<String>> filterPolicy, SubscriptionDeadLetterSpec deadLetter) {
	}

	/** A standard queue, as SNS requires for a standard topic's subscription DLQ. */
	public record SubscriptionDeadLetterSpec(String name, int messageRetentionSeconds) {

		public SubscriptionDeadLetterSpec {
			if (name.endsWith(".fifo")) {
				throw new IllegalArgumentException("A standard topic's subscription DLQ is a standard queue: " + name);
			}
		}
	}

	/**
	 * A state machine, its Amazon States Language in its own file. Placeholders {@code "${Name}"} in the definition
	 * are filled from {@code definitionSubstitutions} (as CloudFormation's DefinitionSubstitutions do): a string
	 * value {@code "queueUrl:<queue>"} becomes that declared queue's URL on the target broker, other values are
	 * used as they are, numbers as numbers. On AWS the provisioner also creates {@code roleName}, which Step Functions
	 * assumes to send to the task queues.
	 */
	public record StateMachineSpec(String name, String description, String definition, String roleName,
			Map<String, Object> definitionSubstitutions, JsonNode definitionDocument) {

		public static final String QUEUE_URL_PREFIX = "queueUrl:";

		private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

		public StateMachineSpec {
			definitionSubstitutions = definitionSubstitutions == null ? Map.of()
					: java.util.Collections.unmodifiableMap(new LinkedHashMap<>(definitionSubstitutions));
		}

		/** The queues the definition sends tasks to, by the names its substitutions declare. */
		public List<String> taskQueues() {
			return definitionSubstitutions.values()
				.stream()
				.filter(value -> value instanceof String text && text.startsWith(QUEUE_URL_PREFIX))
				.map(value -> ((String) value).substring(QUEUE_URL_PREFIX.length()))
				.toList();
		}

		/** The same declaration with some substitutions replaced, e.g. short timeouts for a test. */
		public StateMachineSpec withSubstitutions(String newName, Map<String, Object> overrides) {
			Map<String, Object> merged = new LinkedHashMap<>(definitionSubstitutions);
			merged.putAll(overrides);
			return new StateMachineSpec(newName, description, definition, roleName, merged, definitionDocument);
		}

		/**
		 * The definition to create, placeholders filled in.
		 * @param queueUrls URL of each queue by name, on the target broker
		 * @throws IllegalArgumentException for a placeholder without substitution
		 */
		public String render(Function<String, String> queueUrls) {
			return JSON.writeValueAsString(substitute(definitionDocument, queueUrls));
		}

		/** Every {@code ${Name}} the definition uses. */
		public java.util.Set<String> placeholders() {
			java.util.Set<String> found = new java.util.TreeSet<>();
			Matcher matcher = PLACEHOLDER.matcher(JSON.writeValueAsString(definitionDocument));
			while (matcher.find()) {
				found.add(matcher.group(1));
			}
			return found;
		}

		private JsonNode substitute(JsonNode node, Function<String, String> queueUrls) {
			if (node instanceof ObjectNode object) {
				ObjectNode copy = JSON.createObjectNode();
				object.properties().forEach(entry -> copy.set(entry.getKey(), substitute(entry.getValue(), queueUrls)));
				return copy;
			}
			if (node instanceof ArrayNode array) {
				ArrayNode copy = JSON.createArrayNode();
				array.forEach(element -> copy.add(substitute(element, queueUrls)));
				return copy;
			}
			if (node.isString()) {
				String text = node.asString();
				Matcher whole = PLACEHOLDER.matcher(text);
				if (whole.matches()) {
					return JSON.valueToTree(value(whole.group(1), queueUrls));
				}
				return JSON.getNodeFactory()
					.stringNode(PLACEHOLDER.matcher(text)
						.replaceAll(match -> Matcher.quoteReplacement(String.valueOf(value(match.group(1), queueUrls)))));
			}
			return node;
		}

		private Object value(String placeholder, Function<String, String> queueUrls) {
			if (!definitionSubstitutions.containsKey(placeholder)) {
				throw new IllegalArgumentException(
						"State machine " + name + ": no substitution declared for ${" + placeholder + "}");
			}
			Object value = definitionSubstitutions.get(placeholder);
			if (value instanceof String text && text.startsWith(QUEUE_URL_PREFIX)) {
				return queueUrls.apply(text.substring(QUEUE_URL_PREFIX.length()));
			}
			return value;
		}
	}
}
