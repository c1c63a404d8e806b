package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securecart.cdk.observability.Alarms;
import io.securecart.cdk.observability.CustomMetrics;
import io.securecart.provisioner.Alarm;
import io.securecart.provisioner.Topology.EventBusSpec;
import io.securecart.provisioner.Topology.QueueSpec;
import io.securecart.provisioner.Topology.RuleSpec;
import io.securecart.provisioner.Topology.StateMachineSpec;
import io.securecart.provisioner.Topology.SubscriptionSpec;
import io.securecart.provisioner.Topology.TargetSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What would be deployed is what runs locally: every element of infra/topology.json is in the template, by the same
 * name, with the same attributes; and nothing messaging-related is there that the topology does not declare.
 */
class TopologyParityTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void everyQueueHasItsDeclaredAttributesAndItsDeadLetterQueue() {
		for (QueueSpec declared : TOPOLOGY.queues()) {
			Map<String, Object> queue = app.queue(declared.name());
			assertThat(queue).as(declared.name())
				.containsEntry("VisibilityTimeout", declared.visibilityTimeoutSeconds())
				.containsEntry("ReceiveMessageWaitTimeSeconds", declared.receiveWaitTimeSeconds())
				.containsEntry("MessageRetentionPeriod", declared.messageRetentionSeconds());
			assertThat(queue.get("FifoQueue")).as(declared.name()).isEqualTo(declared.fifo() ? true : null);

			@SuppressWarnings("unchecked")
			Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
			assertThat(redrive).as(declared.name() + " has its dead-letter queue").isNotNull();
			assertThat(redrive).containsEntry("maxReceiveCount", declared.deadLetter().maxReceiveCount());
			assertThat(SynthesizedSecureCart.referencedIds(redrive.get("deadLetterTargetArn")))
				.containsExactly(app.queueId(declared.deadLetter().name()));
			Map<String, Object> deadLetter = app.queue(declared.deadLetter().name());
			assertThat(deadLetter).containsEntry("MessageRetentionPeriod",
					declared.deadLetter().messageRetentionSeconds());
			assertThat(deadLetter.get("FifoQueue")).isEqualTo(declared.fifo() ? true : null);
		}
	}

	@Test
	void fifoQueuesRunInHighThroughputModeWithTheirDeduplicationIdsFromThePublisher() {
		List<QueueSpec> fifo = TOPOLOGY.queues().stream().filter(QueueSpec::fifo).toList();
		assertThat(fifo).extracting(QueueSpec::name).contains("orders.fifo");
		for (QueueSpec declared : fifo) {
			assertThat(declared.highThroughput()).as(declared.name() + " declared in high-throughput mode").isTrue();
			assertThat(app.queue(declared.name()))
				.containsEntry("DeduplicationScope", declared.deduplicationScope())
				.containsEntry("FifoThroughputLimit", declared.fifoThroughputLimit())
				.containsEntry("ContentBasedDeduplication", false);
		}
	}

	@Test
	void theTemplateHasExactlyTheDeclaredQueuesAndTopicsAndNoOthers() {
		assertThat(app.ofType("AWS::SQS::Queue").values())
			.extracting(queue -> properties(queue).get("QueueName"))
			.containsExactlyInAnyOrderElementsOf(TOPOLOGY.allQueueNames());
		assertThat(app.ofType("AWS::SNS::Topic").values())
			.extracting(topic -> properties(topic).get("TopicName"))
			.containsExactlyInAnyOrderElementsOf(java.util.stream.Stream
				.concat(TOPOLOGY.topics().stream().map(topic -> topic.name()),
						java.util.stream.Stream.of(Alarms.NOTIFICATION_TOPIC))
				.toList());
	}

	@Test
	void everySubscriptionDeliversRawWithItsFilterPolicyAndItsDeliveryDeadLetterQueue() {
		var subscriptions = app.ofType("AWS::SNS::Subscription");
		assertThat(subscriptions).hasSize(TOPOLOGY.subscriptions().size());
		for (SubscriptionSpec declared : TOPOLOGY.subscriptions()) {
			String queueId = app.queueId(declared.queue());
			Map<String, Object> subscription = subscriptions.values()
				.stream()
				.map(SynthesizedSecureCart::properties)
				.filter(properties -> SynthesizedSecureCart.referencedIds(properties.get("Endpoint")).contains(queueId))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no subscription of " + declared.queue()));
			assertThat(subscription).containsEntry("Protocol", "sqs")
				.containsEntry("RawMessageDelivery", declared.rawMessageDelivery())
				.containsEntry("FilterPolicy", declared.filterPolicy());
			assertThat(SynthesizedSecureCart.referencedIds(subscription.get("TopicArn")))
				.containsExactly(app.logicalId("AWS::SNS::Topic", "TopicName", declared.topic()));
			assertThat(SynthesizedSecureCart.referencedIds(subscription.get("RedrivePolicy")))
				.containsExactly(app.queueId(declared.deadLetter().name()));
		}
	}

	@Test
	void theEventBusItsArchiveAndItsRulesMatchTheDeclaration() {
		for (EventBusSpec declared : TOPOLOGY.eventBuses()) {
			String busId = app.logicalId("AWS::Events::EventBus", "Name", declared.name());
			Map<String, Object> archive = properties(
					app.resources.get(app.logicalId("AWS::Events::Archive", "ArchiveName", declared.archive().name())));
			assertThat(archive).containsEntry("RetentionDays", declared.archive().retentionDays())
				.containsEntry("EventPattern", JSON.treeToValue(declared.archive().eventPattern(), Map.class));
			assertThat(SynthesizedSecureCart.referencedIds(archive.get("SourceArn"))).containsExactly(busId);
			for (RuleSpec rule : declared.rules()) {
				Map<String, Object> template = properties(
						app.resources.get(app.logicalId("AWS::Events::Rule", "Name", rule.name())));
				assertThat(template).containsEntry("EventPattern", JSON.treeToValue(rule.eventPattern(), Map.class))
					.containsEntry("State", "ENABLED");
				assertThat(SynthesizedSecureCart.referencedIds(template.get("EventBusName"))).containsExactly(busId);
				List<Object> targets = SynthesizedSecureCart.asList(template.get("Targets"));
				assertThat(targets).hasSameSizeAs(rule.targets());
				for (int i = 0; i < rule.targets().size(); i++) {
					TargetSpec declaredTarget = rule.targets().get(i);
					@SuppressWarnings("unchecked")
					Map<String, Object> target = (Map<String, Object>) targets.get(i);
					assertThat(SynthesizedSecureCart.referencedIds(target.get("Arn")))
						.containsExactly(app.queueId(declaredTarget.queue()));
					assertThat(SynthesizedSecureCart.referencedIds(target.get("DeadLetterConfig")))
						.containsExactly(app.queueId(declaredTarget.deadLetterQueue()));
					assertThat(target.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts",
							declaredTarget.retryPolicy().maximumRetryAttempts(), "MaximumEventAgeInSeconds",
							declaredTarget.retryPolicy().maximumEventAgeInSeconds()));
				}
			}
		}
	}

	@Test
	void theStateMachineIsTheDeclaredDefinitionWithItsSubstitutionsAndTracing() {
		for (StateMachineSpec declared : TOPOLOGY.stateMachines()) {
			Map<String, Object> machine = properties(app.resources
				.get(app.logicalId("AWS::StepFunctions::StateMachine", "StateMachineName", declared.name())));
			// The definition the provisioner would create, with each queue URL left to CloudFormation.
			String expected = declared.render(queue -> "${" + placeholderOf(declared, queue) + "}");
			assertThat(JSON.readTree(String.valueOf(machine.get("DefinitionString")))).isEqualTo(JSON.readTree(expected));
			@SuppressWarnings("unchecked")
			Map<String, Object> substitutions = (Map<String, Object>) machine.get("DefinitionSubstitutions");
			for (String queue : declared.taskQueues()) {
				assertThat(SynthesizedSecureCart.referencedIds(substitutions.get(placeholderOf(declared, queue))))
					.containsExactly(app.queueId(queue));
			}
			assertThat(machine).containsEntry("TracingConfiguration", Map.of("Enabled", true));
			String roleId = app.logicalId("AWS::IAM::Role", "RoleName", declared.roleName());
			assertThat(SynthesizedSecureCart.referencedIds(machine.get("RoleArn"))).containsExactly(roleId);
		}
	}

	@Test
	void everyDeclaredAlarmWatchesEveryElementOfItsKind() {
		var alarms = app.ofType("AWS::CloudWatch::Alarm");
		int expected = 0;
		for (Alarm declared : SynthesizedSecureCart.DECLARATION.alarms()) {
			var elements = Alarms.elements(declared, TOPOLOGY);
			assertThat(elements).as(declared.name()).isNotEmpty();
			if (declared.each().equals("queue")) {
				assertThat(elements).extracting(Alarms.WatchedElement::name)
					.as(declared.name() + " watches every queue")
					.containsExactlyInAnyOrderElementsOf(
							TOPOLOGY.queues().stream().map(queue -> queue.name()).toList());
			}
			expected += elements.size();
			for (var element : elements) {
				Map<String, Object> alarm = properties(app.resources.get(
						app.logicalId("AWS::CloudWatch::Alarm", "AlarmName", declared.name() + " " + element.name())));
				double threshold = declared.threshold(element.name());
				Object written = threshold == Math.rint(threshold) ? (Object) (int) threshold : threshold;
				assertThat(alarm).as(declared.name() + " " + element.name())
					.containsEntry("Threshold", written)
					.containsEntry("Period", Alarms.period(declared))
					.containsEntry("EvaluationPeriods", Alarms.evaluationPeriods(declared))
					.containsEntry("MetricName", element.metric().getMetricName())
					.containsEntry("Namespace", element.metric().getNamespace())
					.containsEntry("AlarmDescription", declared.description());
				assertThat(alarm.get("AlarmActions")).isNotNull();
			}
		}
		assertThat(alarms).hasSize(expected);
	}

	@Test
	void queueAlarmsWatchSqsAndTheServicesOwnMetricsWatchTheSecureCartNamespace() {
		Alarm dlq = alarm("deadLetterQueue");
		assertThat(Alarms.elements(dlq, TOPOLOGY)).extracting(Alarms.WatchedElement::name)
			.containsExactlyInAnyOrderElementsOf(TOPOLOGY.deadLetterQueueNames());
		assertThat(Alarms.elements(dlq, TOPOLOGY).get(0).metric().getMetricName())
			.isEqualTo("ApproximateNumberOfMessagesVisible");
		assertThat(Alarms.elements(alarm("queue"), TOPOLOGY).get(0).metric().getMetricName())
			.isEqualTo("ApproximateAgeOfOldestMessage");
		assertThat(Alarms.elements(alarm("outbox"), TOPOLOGY)).extracting(Alarms.WatchedElement::name)
			.containsExactlyInAnyOrder("checkout-service-outbox", "payment-service-outbox",
					"fulfillment-service-outbox", "inventory-service-outbox");
		assertThat(Alarms.elements(alarm("circuitBreaker"), TOPOLOGY)).extracting(Alarms.WatchedElement::name)
			.containsExactlyInAnyOrder("checkout-service-catalog", "payment-service-paymentGateway");
		assertThat(Alarms.elements(alarm("deferredWork"), TOPOLOGY)).extracting(Alarms.WatchedElement::name)
			.containsExactlyInAnyOrder("fulfillment-service-unstarted-fulfilments", "fulfillment-service-owed-invoices",
					"fulfillment-service-owed-warehouse-releases", "notification-service-unsent-notifications",
					"payment-service-pending-payment-attempts", "payment-service-unreconciled-payment-attempts",
					"payment-service-pending-refund-attempts", "payment-service-unreconciled-refund-attempts");
		assertThat(Alarms.elements(alarm("deferredWork"), TOPOLOGY).get(0).metric().getDimensions())
			.containsOnlyKeys(CustomMetrics.SERVICE_DIMENSION, CustomMetrics.WORK_DIMENSION);
	}

	private static Alarm alarm(String kind) {
		return SynthesizedSecureCart.DECLARATION.alarms()
			.stream()
			.filter(alarm -> alarm.each().equals(kind))
			.findFirst()
			.orElseThrow();
	}

	private static String placeholderOf(StateMachineSpec machine, String queue) {
		return machine.definitionSubstitutions()
			.entrySet()
			.stream()
			.filter(entry -> (StateMachineSpec.QUEUE_URL_PREFIX + queue).equals(entry.getValue()))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow();
	}
}
