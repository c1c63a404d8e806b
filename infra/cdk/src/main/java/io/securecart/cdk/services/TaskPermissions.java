package io.securecart.cdk.services;

import java.util.ArrayList;
import java.util.List;

import io.securecart.cdk.messaging.Messaging;
import io.securecart.cdk.observability.TelemetryCollector;
import io.securecart.cdk.services.ServiceCatalog.ServiceSpec;
import io.securecart.provisioner.Topology;
import io.securecart.provisioner.Topology.QueueSpec;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;

/**
 * A service's task role, least privilege: its own queues (those the topology says it consumes, their DLQs and its
 * subscription's delivery DLQ), what the catalog says it publishes to, the messaging key, and the few list and X-Ray
 * calls AWS cannot scope to a resource ({@link #UNSCOPABLE_ACTIONS}). Nothing else.
 */
public final class TaskPermissions {

	/** Actions without resource-level permissions in IAM: the only ones a task role has on {@code *}. */
	public static final List<String> UNSCOPABLE_ACTIONS;

	static {
		// sns:GetSubscriptionAttributes: IAM's service authorization reference gives it no resource type (SNS defines
		// only the topic), so a grant on a subscription's ARN may match nothing and stop every consumer at startup; a
		// subscription re-created by hand would have a new ARN outside it anyway. Read-only.
		List<String> actions = new ArrayList<>(List.of("sns:ListTopics", "sns:ListSubscriptions",
				"sns:GetSubscriptionAttributes", "states:ListStateMachines"));
		actions.addAll(TelemetryCollector.XRAY_ACTIONS);
		UNSCOPABLE_ACTIONS = List.copyOf(actions);
	}

	private TaskPermissions() {
	}

	/** The queues a service consumes, by the topology's {@code consumer} fields. */
	public static List<QueueSpec> consumedQueues(ServiceSpec service, Topology topology) {
		return topology.queues().stream().filter(queue -> service.name().equals(queue.consumer())).toList();
	}

	/** Its consumed queues with their dead-letter queues and their subscriptions' delivery DLQs. */
	public static List<String> ownQueueNames(ServiceSpec service, Topology topology) {
		List<String> names = new ArrayList<>();
		for (QueueSpec queue : consumedQueues(service, topology)) {
			names.add(queue.name());
			names.addAll(deadLetterQueueNames(queue, topology));
		}
		return names;
	}

	private static List<String> deadLetterQueueNames(QueueSpec queue, Topology topology) {
		List<String> names = new ArrayList<>();
		if (queue.deadLetter() != null) {
			names.add(queue.deadLetter().name());
		}
		topology.subscriptions()
			.stream()
			.filter(subscription -> subscription.queue().equals(queue.name()) && subscription.deadLetter() != null)
			.forEach(subscription -> names.add(subscription.deadLetter().name()));
		return names;
	}

	static List<PolicyStatement> statements(ServiceSpec service, Topology topology, Messaging messaging,
			ILogGroup metricsLogGroup) {
		List<PolicyStatement> statements = new ArrayList<>();
		List<QueueSpec> consumed = consumedQueues(service, topology);
		boolean usesMessaging = !consumed.isEmpty() || service.hasOutbox()
				|| !service.publishes().stateMachines().isEmpty();
		ServiceCatalog.Publications publishes = service.publishes();
		if (!consumed.isEmpty()) {
			// SendMessage: a redrive puts a message back on its source queue; payment re-delays its review timers.
			// GetQueueAttributes: fulfillment's admission also reads the steps waiting in its task queue (ADR 22).
			statements.add(allow("ConsumeOwnQueues",
					List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
							"sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SendMessage"),
					ownQueueNames(service, topology).stream().map(name -> messaging.queue(name).getQueueArn()).toList()));
			List<String> deadLetters = consumed.stream()
				.flatMap(queue -> deadLetterQueueNames(queue, topology).stream())
				.map(name -> messaging.queue(name).getQueueArn())
				.toList();
			statements.add(allow("RedriveOwnDeadLetterQueues",
					List.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask"),
					deadLetters));
			if (consumed.stream().anyMatch(queue -> messaging.subscriptionOf(queue.name()).isPresent())) {
				// The startup and health checks read the filter policy and raw delivery of its queues' subscriptions.
				statements.add(allow("ReadSubscriptions", List.of("sns:GetSubscriptionAttributes"), List.of("*")));
			}
			List<String> subscribedTopics = topology.subscriptions()
				.stream()
				.filter(subscription -> consumed.stream().anyMatch(queue -> queue.name().equals(subscription.queue())))
				.map(subscription -> messaging.topic(subscription.topic()).getTopicArn())
				.distinct()
				.toList();
			if (!subscribedTopics.isEmpty()) {
				// The startup and health checks find the subscriptions of its queues (platform MessagingDestinations).
				statements.add(allow("FindOwnSubscriptions", List.of("sns:ListSubscriptionsByTopic"),
						subscribedTopics));
			}
		}
		statements.addAll(startupChecksOfEventBridge(service, topology, messaging));
		for (Topology.StreamSpec stream : topology.streams()) {
			String arn = messaging.stream(stream.name()).getStreamArn();
			if (stream.producers().contains(service.name())) {
				statements.add(allow("PutOnStream" + stream.name(),
						List.of("kinesis:PutRecord", "kinesis:DescribeStreamSummary"), List.of(arn)));
			}
			if (service.name().equals(stream.consumer())) {
				statements.add(allow("ReadStream" + stream.name(), List.of("kinesis:ListShards",
						"kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:DescribeStreamSummary"), List.of(arn)));
			}
		}
		if (!publishes.topics().isEmpty()) {
			statements.add(allow("PublishToOwnTopics", List.of("sns:Publish", "sns:GetTopicAttributes"),
					publishes.topics().stream().map(name -> messaging.topic(name).getTopicArn()).toList()));
		}
		if (!publishes.queues().isEmpty()) {
			statements.add(allow("SendToDeclaredQueues",
					List.of("sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
					publishes.queues().stream().map(name -> messaging.queue(name).getQueueArn()).toList()));
		}
		if (!publishes.eventBuses().isEmpty()) {
			statements.add(allow("PutEventsOnOwnBuses", List.of("events:PutEvents", "events:DescribeEventBus"),
					publishes.eventBuses().stream().map(name -> messaging.eventBus(name).getEventBusArn()).toList()));
		}
		for (String bus : publishes.replaysFromBuses()) {
			statements.add(allow("ReplayArchiveOf" + bus, List.of("events:DescribeArchive", "events:StartReplay"),
					List.of(messaging.archiveOf(bus).getArchiveArn())));
			statements.add(allow("DescribeReplayDestination" + bus, List.of("events:DescribeEventBus", "events:PutEvents"),
					List.of(messaging.eventBus(bus).getEventBusArn())));
			statements.add(allow("DescribeOwnReplays" + bus, List.of("events:DescribeReplay"),
					List.of(Stack.of(messaging).formatArn(software.amazon.awscdk.ArnComponents.builder()
						.service("events")
						.resource("replay")
						.resourceName("replay-*")
						.build()))));
		}
		for (String name : publishes.stateMachines()) {
			var machine = messaging.stateMachine(name);
			// DescribeStateMachine: the service reads its tasks' HeartbeatSeconds at startup and every 5 minutes;
			// ListExecutions: its admission counts the running executions (ADR 22). Both on the machine itself.
			statements.add(allow("RunOwnStateMachine" + name,
					List.of("states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure",
							"states:SendTaskHeartbeat", "states:DescribeStateMachine", "states:ListExecutions"),
					List.of(machine.getStateMachineArn())));
			// StopExecution: the execution of an order cancelled after its payment (ADR 44).
			statements.add(allow("ReadOwnExecutions" + name,
					List.of("states:DescribeExecution", "states:StopExecution"), List.of(executions(machine))));
		}
		if (service.observes().queueDepths()) {
			statements.add(allow("ReadQueueDepths", List.of("sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
					topology.allQueueNames().stream().map(name -> messaging.queue(name).getQueueArn()).toList()));
		}
		for (String name : service.observes().stateMachineExecutions()) {
			var machine = messaging.stateMachine(name);
			statements.add(allow("ListExecutionsOf" + name, List.of("states:ListExecutions"),
					List.of(machine.getStateMachineArn())));
			statements.add(allow("ReadExecutionsOf" + name,
					List.of("states:DescribeExecution", "states:GetExecutionHistory"), List.of(executions(machine))));
		}
		boolean findsStateMachines = !publishes.stateMachines().isEmpty()
				|| !service.observes().stateMachineExecutions().isEmpty();
		if (findsStateMachines && !usesMessaging) {
			statements.add(allow("FindStateMachinesByName", List.of("states:ListStateMachines"), List.of("*")));
		}
		for (var bucket : topology.buckets()) {
			// The claim check (ADR 16): payloads are keyed by destination, so the relay writes only under what the
			// service publishes to, and a listener reads only what its own queues receive (an order's payment token
			// rides to payment alone). ListBucket: the startup check (HeadBucket).
			String arn = messaging.bucket(bucket.name()).getBucketArn();
			List<String> writes = java.util.stream.Stream
				.of(publishes.topics(), publishes.queues(), publishes.eventBuses())
				.flatMap(List::stream)
				.map(destination -> arn + "/" + destination + "/*")
				.toList();
			List<String> reads = claimCheckSources(consumed, topology).stream()
				.map(destination -> arn + "/" + destination + "/*")
				.toList();
			if (!writes.isEmpty()) {
				statements.add(allow("WriteLargePayloads" + bucket.name(), List.of("s3:PutObject"), writes));
			}
			if (!reads.isEmpty()) {
				statements.add(allow("ReadLargePayloads" + bucket.name(), List.of("s3:GetObject"), reads));
			}
			if (usesMessaging) {
				statements.add(allow("CheckBucket" + bucket.name(), List.of("s3:ListBucket"), List.of(arn)));
			}
		}
		if (usesMessaging) {
			statements.add(allow("UseMessagingKey", List.of("kms:Decrypt", "kms:GenerateDataKey"),
					List.of(messaging.key().getKeyArn())));
			List<String> lookups = new ArrayList<>(List.of("sns:ListTopics", "sns:ListSubscriptions"));
			if (findsStateMachines) {
				lookups.add("states:ListStateMachines");
			}
			statements.add(allow("FindTopicsAndStateMachinesByName", lookups, List.of("*")));
		}
		statements.add(allow("SendTraces", TelemetryCollector.XRAY_ACTIONS, List.of("*")));
		statements.add(allow("PublishCustomMetrics",
				List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
				List.of(metricsLogGroup.getLogGroupArn())));
		return statements;
	}

	/**
	 * The platform's startup check ({@code EventBuses}) describes every bus and rule the service names in its
	 * {@code securecart.messaging.event-buses} and {@code event-rules}, and a refusal stops the service: those, read
	 * from its own configuration, and no others. A rule it names that the topology does not declare fails here, as it
	 * would fail the service's start.
	 */
	static List<PolicyStatement> startupChecksOfEventBridge(ServiceSpec service, Topology topology,
			Messaging messaging) {
		MessagingConfiguration configured = MessagingConfiguration.of(service.name());
		List<PolicyStatement> statements = new ArrayList<>();
		List<String> rules = configured.eventRules().stream().map(entry -> {
			String[] busAndRule = MessagingConfiguration.busAndRule(entry);
			boolean declared = topology.eventBus(busAndRule[0])
				.flatMap(bus -> bus.rule(busAndRule[1]))
				.isPresent();
			if (!declared) {
				throw new IllegalStateException(service.name() + " names the EventBridge rule " + entry
						+ " in securecart.messaging.event-rules, which infra/topology.json does not declare");
			}
			return messaging.rules().get(busAndRule[1]).getRuleArn();
		}).distinct().toList();
		if (!rules.isEmpty()) {
			// ListTargetsByRule: the startup and health checks hold each rule's targets to the declared ones.
			statements.add(allow("DescribeEventRulesItChecks",
					List.of("events:DescribeRule", "events:ListTargetsByRule"), rules));
		}
		List<String> buses = configured.eventBuses()
			.stream()
			.distinct()
			.map(bus -> messaging.eventBus(bus).getEventBusArn())
			.toList();
		if (!buses.isEmpty()) {
			statements.add(allow("DescribeEventBusesItChecks", List.of("events:DescribeEventBus"), buses));
		}
		return statements;
	}

	/** What sends to the consumed queues: the queues themselves, the topics they subscribe to, the buses routing there. */
	private static List<String> claimCheckSources(List<QueueSpec> consumed, Topology topology) {
		List<String> queues = consumed.stream().map(QueueSpec::name).toList();
		List<String> sources = new ArrayList<>(queues);
		topology.subscriptions()
			.stream()
			.filter(subscription -> queues.contains(subscription.queue()))
			.map(Topology.SubscriptionSpec::topic)
			.forEach(sources::add);
		topology.eventBuses()
			.stream()
			.filter(bus -> bus.rules()
				.stream()
				.anyMatch(rule -> rule.targets().stream().anyMatch(target -> queues.contains(target.queue()))))
			.map(Topology.EventBusSpec::name)
			.forEach(sources::add);
		return sources.stream().distinct().toList();
	}

	/** The declared tables the service consumes: items and queries, and DescribeTable for its startup check. */
	static List<PolicyStatement> tableStatements(List<software.amazon.awscdk.services.dynamodb.Table> tables) {
		return tables.stream()
			.map(table -> allow("ReadAndWriteOwnTable" + table.getNode().getId(),
					TABLE_ACTIONS, List.of(table.getTableArn())))
			.toList();
	}

	/** What a service does with its own table; no Scan, no table administration. */
	public static final List<String> TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
			"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:DescribeTable");

	/** Every execution of a state machine. */
	private static String executions(software.amazon.awscdk.services.stepfunctions.StateMachine machine) {
		return Stack.of(machine).formatArn(software.amazon.awscdk.ArnComponents.builder()
			.service("states")
			.resource("execution")
			.resourceName(machine.getStateMachineName() + ":*")
			.arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
			.build());
	}

	private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
		return PolicyStatement.Builder.create()
			.sid(sid.replaceAll("[^A-Za-z0-9]", ""))
			.actions(actions)
			.resources(resources)
			.build();
	}
}
