package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import io.securecart.cdk.services.ServiceCatalog;
import io.securecart.cdk.services.ServiceCatalog.ServiceSpec;
import io.securecart.cdk.services.TaskPermissions;

/**
 * Every task role touches only its own resources: the queues the topology says its service consumes (with their
 * DLQs) and tables it consumes, the topics, queues, buses and state machines the catalog says it publishes to, the messaging key and the
 * metrics log group; {@code *} only for the actions AWS cannot scope. The allowed set is computed here from the
 * declarations, independently of how the app builds the policies.
 */
class TaskRoleLeastPrivilegeTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	static List<String> services() {
		return ServiceCatalog.services().stream().map(ServiceSpec::name).toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void theTaskRoleTouchesOnlyTheServicesOwnResources(String serviceName) {
		ServiceSpec service = ServiceCatalog.service(serviceName).orElseThrow();
		List<Map<String, Object>> statements = statementsOfTaskRole(serviceName);
		assertThat(statements).as(serviceName + " has a task role policy").isNotEmpty();
		Set<String> own = ownLogicalIds(service);

		for (Map<String, Object> statement : statements) {
			assertThat(statement.get("Effect")).isEqualTo("Allow");
			List<Object> actions = SynthesizedSecureCart.asList(statement.get("Action"));
			for (Object resource : SynthesizedSecureCart.asList(statement.get("Resource"))) {
				if ("*".equals(resource)) {
					assertThat(actions).as(serviceName + ": actions on *")
						.allMatch(TaskPermissions.UNSCOPABLE_ACTIONS::contains);
					continue;
				}
				List<String> referenced = SynthesizedSecureCart.referencedIds(resource);
				if (referenced.isEmpty()) {
					// An ARN pattern without a resource of this stack: only the service's own event replays.
					assertThat(actions).containsExactly("events:DescribeReplay");
					assertThat(String.valueOf(resource)).contains(":replay/replay-*");
					continue;
				}
				assertThat(referenced).as(serviceName + ": " + statement.get("Sid")).isSubsetOf(own);
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void aServiceReceivesFromEveryQueueItConsumesAndPublishesOnlyWhereItIsDeclaredTo(String serviceName) {
		ServiceSpec service = ServiceCatalog.service(serviceName).orElseThrow();
		List<Map<String, Object>> statements = statementsOfTaskRole(serviceName);
		Set<String> receivable = resourcesAllowed(statements, "sqs:ReceiveMessage");
		Set<String> consumed = new HashSet<>();
		TOPOLOGY.queues()
			.stream()
			.filter(queue -> serviceName.equals(queue.consumer()))
			.forEach(queue -> consumed.add(app.queueId(queue.name())));
		assertThat(receivable).containsAll(consumed);
		// ... and from nothing but those and their dead-letter queues.
		Set<String> consumedWithDeadLetters = new HashSet<>(consumed);
		TOPOLOGY.queues()
			.stream()
			.filter(queue -> serviceName.equals(queue.consumer()))
			.forEach(queue -> consumedWithDeadLetters.add(app.queueId(queue.deadLetter().name())));
		TOPOLOGY.subscriptions()
			.stream()
			.filter(subscription -> consumed.contains(app.queueId(subscription.queue())))
			.forEach(subscription -> consumedWithDeadLetters.add(app.queueId(subscription.deadLetter().name())));
		assertThat(receivable).containsExactlyInAnyOrderElementsOf(consumedWithDeadLetters);
		assertThat(resourcesAllowed(statements, "sqs:DeleteMessage")).isEqualTo(receivable);

		Set<String> publishable = resourcesAllowed(statements, "sns:Publish");
		assertThat(publishable).containsExactlyInAnyOrderElementsOf(service.publishes()
			.topics()
			.stream()
			.map(topic -> app.logicalId("AWS::SNS::Topic", "TopicName", topic))
			.toList());
		Set<String> putEvents = resourcesAllowed(statements, "events:PutEvents");
		assertThat(putEvents).containsExactlyInAnyOrderElementsOf(
				java.util.stream.Stream
					.concat(service.publishes().eventBuses().stream(), service.publishes().replaysFromBuses().stream())
					.distinct()
					.map(bus -> app.logicalId("AWS::Events::EventBus", "Name", bus))
					.toList());
		assertThat(resourcesAllowed(statements, "states:StartExecution"))
			.containsExactlyInAnyOrderElementsOf(service.publishes()
				.stateMachines()
				.stream()
				.map(machine -> app.logicalId("AWS::StepFunctions::StateMachine", "StateMachineName", machine))
				.toList());
		assertThat(resourcesAllowed(statements, "states:DescribeStateMachine"))
			.as("a service reads the heartbeat of the machine it runs, and only of that one")
			.isEqualTo(resourcesAllowed(statements, "states:StartExecution"));
		assertThat(resourcesAllowed(statements, "states:ListExecutions"))
			.as("its admission counts the executions of the machine it runs")
			.containsAll(resourcesAllowed(statements, "states:StartExecution"));
	}

	/**
	 * Fulfilment's admission reads how many steps wait in its task queue at each count (ADR 22's amendment "the steps
	 * that wait"), and its machine's heartbeat every 5 minutes.
	 */
	@Test
	void fulfilmentReadsTheStepsWaitingInItsTaskQueueAndTheHeartbeatOfItsMachine() {
		List<Map<String, Object>> statements = statementsOfTaskRole("fulfillment-service");

		assertThat(resourcesAllowed(statements, "sqs:GetQueueAttributes")).contains(app.queueId("fulfillment-tasks"));
		assertThat(resourcesAllowed(statements, "states:DescribeStateMachine"))
			.containsExactly(app.logicalId("AWS::StepFunctions::StateMachine", "StateMachineName", "fulfillment"));
	}

	/**
	 * The platform's startup and health checks read what they hold to the topology: the targets of every rule the
	 * service may describe, and the subscriptions of the queues it consumes (the topics they subscribe to), no others.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void aServiceMayReadTheTargetsOfTheRulesItChecksAndTheSubscriptionsOfItsQueues(String serviceName) {
		List<Map<String, Object>> statements = statementsOfTaskRole(serviceName);
		Set<String> rules = app.ofType("AWS::Events::Rule").keySet();
		Set<String> describable = new HashSet<>(resourcesAllowed(statements, "events:DescribeRule"));
		describable.retainAll(rules);
		assertThat(resourcesAllowed(statements, "events:ListTargetsByRule")).isEqualTo(describable);

		List<String> consumed = TOPOLOGY.queues()
			.stream()
			.filter(queue -> serviceName.equals(queue.consumer()))
			.map(queue -> queue.name())
			.toList();
		Set<String> subscribedTopics = new HashSet<>();
		TOPOLOGY.subscriptions()
			.stream()
			.filter(subscription -> consumed.contains(subscription.queue()))
			.forEach(subscription -> subscribedTopics.add(app.logicalId("AWS::SNS::Topic", "TopicName",
					subscription.topic())));
		assertThat(resourcesAllowed(statements, "sns:ListSubscriptionsByTopic"))
			.containsExactlyInAnyOrderElementsOf(subscribedTopics);
		// IAM scopes GetSubscriptionAttributes to no resource type: on a subscription's ARN it may match nothing.
		List<Object> readSubscriptions = statements.stream()
			.filter(statement -> SynthesizedSecureCart.asList(statement.get("Action"))
				.contains("sns:GetSubscriptionAttributes"))
			.map(statement -> statement.get("Resource"))
			.toList();
		if (subscribedTopics.isEmpty()) {
			assertThat(readSubscriptions).as(serviceName + " reads no subscription").isEmpty();
		}
		else {
			assertThat(readSubscriptions).as(serviceName + " reads its queues' subscriptions").containsExactly("*");
			assertThat(TaskPermissions.UNSCOPABLE_ACTIONS).contains("sns:GetSubscriptionAttributes");
		}
	}

	/** Producers of a stream may put on it, its consumer may read it; nobody else may do either. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void aServicePutsOnAndReadsOnlyTheStreamsItIsDeclaredToUse(String serviceName) {
		List<Map<String, Object>> statements = statementsOfTaskRole(serviceName);
		Set<String> producesTo = new HashSet<>();
		Set<String> consumes = new HashSet<>();
		TOPOLOGY.streams().forEach(stream -> {
			String id = app.logicalId("AWS::Kinesis::Stream", "Name", stream.name());
			if (stream.producers().contains(serviceName)) {
				producesTo.add(id);
			}
			if (serviceName.equals(stream.consumer())) {
				consumes.add(id);
			}
		});
		assertThat(resourcesAllowed(statements, "kinesis:PutRecord")).containsExactlyInAnyOrderElementsOf(producesTo);
		assertThat(resourcesAllowed(statements, "kinesis:GetRecords")).containsExactlyInAnyOrderElementsOf(consumes);
		assertThat(resourcesAllowed(statements, "kinesis:GetShardIterator")).isEqualTo(resourcesAllowed(statements,
				"kinesis:GetRecords"));
		assertThat(statements).flatExtracting(statement -> SynthesizedSecureCart.asList(statement.get("Action")))
			.as("never a write beyond PutRecord, never resharding")
			.filteredOn(action -> String.valueOf(action).startsWith("kinesis:"))
			.allMatch(action -> List.of("kinesis:PutRecord", "kinesis:DescribeStreamSummary", "kinesis:ListShards",
					"kinesis:GetShardIterator", "kinesis:GetRecords").contains(action));
	}

	/**
	 * The platform's startup check describes every bus and rule a service names in {@code securecart.messaging}
	 * ({@code event-buses}, {@code event-rules}) and refuses to start when AWS refuses: checkout names the
	 * high-value-orders rule, whose target queue it does not consume. Read here from the service's own source.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void aServiceMayDescribeEveryBusAndRuleItsStartupCheckDescribes(String serviceName) throws IOException {
		List<Map<String, Object>> statements = statementsOfTaskRole(serviceName);

		assertThat(resourcesAllowed(statements, "events:DescribeRule")).as(serviceName + "'s event-rules")
			.containsAll(eventRulesNamedIn(serviceName).stream().map(this::ruleId).toList());
		assertThat(resourcesAllowed(statements, "events:DescribeEventBus")).as(serviceName + "'s event-buses")
			.containsAll(eventBusesNamedIn(serviceName).stream()
				.map(bus -> app.logicalId("AWS::Events::EventBus", "Name", bus))
				.toList());
	}

	@Test
	void checkoutMayDescribeTheHighValueOrdersRuleItShowsOrdersAsScreeningBy() {
		assertThat(eventRulesNamedIn("checkout-service")).as("the case this guards").contains(
				"securecart/high-value-orders");

		assertThat(resourcesAllowed(statementsOfTaskRole("checkout-service"), "events:DescribeRule"))
			.contains(app.logicalId("AWS::Events::Rule", "Name", "high-value-orders"));
	}

	/** The logical id of a {@code bus/rule} entry's rule, on that bus. */
	private String ruleId(String busAndRule) {
		String bus = busAndRule.substring(0, busAndRule.indexOf('/'));
		String rule = busAndRule.substring(busAndRule.indexOf('/') + 1);
		String id = app.logicalId("AWS::Events::Rule", "Name", rule);
		assertThat(SynthesizedSecureCart.referencedIds(properties(app.resources.get(id)).get("EventBusName")))
			.as(busAndRule).containsExactly(app.logicalId("AWS::Events::EventBus", "Name", bus));
		return id;
	}

	private static List<String> eventRulesNamedIn(String service) {
		return messagingSetting(service, "event-rules");
	}

	private static List<String> eventBusesNamedIn(String service) {
		return messagingSetting(service, "event-buses");
	}

	/**
	 * A list under {@code securecart.messaging} in the service's application.yml, which nests the keys or writes
	 * {@code securecart.messaging} dotted (both are YAML Spring reads alike).
	 */
	@SuppressWarnings("unchecked")
	private static List<String> messagingSetting(String service, String key) {
		Path file = Path.of("../..", service, "src/main/resources/application.yml");
		try (var in = Files.newInputStream(file)) {
			Map<String, Object> yaml = new Yaml().load(in);
			Object messaging = yaml.containsKey("securecart.messaging") ? yaml.get("securecart.messaging")
					: yaml.get("securecart") instanceof Map<?, ?> securecart ? securecart.get("messaging") : null;
			if (!(messaging instanceof Map<?, ?> settings)) {
				return List.of();
			}
			return (List<String>) ((Map<String, Object>) settings).getOrDefault(key, List.of());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The logical ids a service may name: derived from the topology's consumers and the catalog. */
	private Set<String> ownLogicalIds(ServiceSpec service) {
		Set<String> own = new HashSet<>();
		List<String> consumed = new ArrayList<>();
		TOPOLOGY.queues().stream().filter(queue -> service.name().equals(queue.consumer())).forEach(queue -> {
			consumed.add(queue.name());
			own.add(app.queueId(queue.name()));
			own.add(app.queueId(queue.deadLetter().name()));
		});
		TOPOLOGY.subscriptions().stream().filter(subscription -> consumed.contains(subscription.queue())).forEach(s -> {
			own.add(app.queueId(s.deadLetter().name()));
			// Its startup check lists the subscriptions of the topic (ListSubscriptionsByTopic), nothing more.
			own.add(app.logicalId("AWS::SNS::Topic", "TopicName", s.topic()));
			app.ofType("AWS::SNS::Subscription")
				.entrySet()
				.stream()
				.filter(entry -> SynthesizedSecureCart.referencedIds(properties(entry.getValue()).get("Endpoint"))
					.contains(app.queueId(s.queue())))
				.forEach(entry -> own.add(entry.getKey()));
		});
		// The buses and rules its startup check describes, as its own application.yml names them.
		eventRulesNamedIn(service.name()).forEach(rule -> own.add(ruleId(rule)));
		eventBusesNamedIn(service.name()).forEach(bus -> own.add(app.logicalId("AWS::Events::EventBus", "Name", bus)));
		service.publishes().topics().forEach(topic -> own.add(app.logicalId("AWS::SNS::Topic", "TopicName", topic)));
		service.publishes().queues().forEach(queue -> own.add(app.queueId(queue)));
		service.publishes().eventBuses().forEach(bus -> own.add(app.logicalId("AWS::Events::EventBus", "Name", bus)));
		service.publishes().replaysFromBuses().forEach(bus -> {
			own.add(app.logicalId("AWS::Events::EventBus", "Name", bus));
			TOPOLOGY.eventBus(bus)
				.ifPresent(declared -> own.add(
						app.logicalId("AWS::Events::Archive", "ArchiveName", declared.archive().name())));
		});
		service.publishes()
			.stateMachines()
			.forEach(machine -> own
				.add(app.logicalId("AWS::StepFunctions::StateMachine", "StateMachineName", machine)));
		if (service.observes().queueDepths()) {
			TOPOLOGY.allQueueNames().forEach(queue -> own.add(app.queueId(queue)));
		}
		service.observes()
			.stateMachineExecutions()
			.forEach(machine -> own
				.add(app.logicalId("AWS::StepFunctions::StateMachine", "StateMachineName", machine)));
		if (service.hasOutbox() || !consumed.isEmpty() || !service.publishes().stateMachines().isEmpty()) {
			// The claim check's large payloads (ADR 16).
			own.addAll(app.declaredBucketIds());
		}
		TOPOLOGY.streams()
			.stream()
			.filter(stream -> stream.producers().contains(service.name()) || service.name().equals(stream.consumer()))
			.forEach(stream -> own.add(app.logicalId("AWS::Kinesis::Stream", "Name", stream.name())));
		SynthesizedSecureCart.DECLARATION.tables()
			.stream()
			.filter(table -> service.name().equals(table.consumer()))
			.forEach(table -> own.add(app.logicalId("AWS::DynamoDB::Table", "TableName", table.name())));
		own.add(app.logicalId("AWS::KMS::Key", "Description", "SSE-KMS of SecureCart's queues and topics"));
		own.add(app.logicalId("AWS::Logs::LogGroup", "LogGroupName", "/securecart/metrics"));
		return own;
	}

	private Set<String> resourcesAllowed(List<Map<String, Object>> statements, String action) {
		Set<String> ids = new HashSet<>();
		statements.stream()
			.filter(statement -> SynthesizedSecureCart.asList(statement.get("Action")).contains(action))
			.forEach(statement -> ids.addAll(SynthesizedSecureCart.referencedIds(statement.get("Resource"))));
		return ids;
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> statementsOfTaskRole(String serviceName) {
		String taskDefinition = app.logicalId("AWS::ECS::TaskDefinition", "Family", "securecart-" + serviceName);
		String role = SynthesizedSecureCart
			.referencedIds(properties(app.resources.get(taskDefinition)).get("TaskRoleArn"))
			.get(0);
		List<Map<String, Object>> statements = new ArrayList<>();
		app.ofType("AWS::IAM::Policy").values().stream().map(SynthesizedSecureCart::properties).forEach(policy -> {
			if (SynthesizedSecureCart.referencedIds(policy.get("Roles")).contains(role)) {
				Map<String, Object> document = (Map<String, Object>) policy.get("PolicyDocument");
				statements.addAll((List<Map<String, Object>>) document.get("Statement"));
			}
		});
		assertThat(properties(app.resources.get(role)).get("ManagedPolicyArns")).as("no managed policies").isNull();
		return statements;
	}
}
