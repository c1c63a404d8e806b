package io.securecart.provisioner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.securecart.contracts.HighValueOrders;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockEvent;
import io.securecart.contracts.events.StockLevelChanged;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fails the build when infra/topology.json and the names and events in contracts drift apart. */
class DeclaredTopologyTest {

	private final Topology topology = Topology.declared();

	@Test
	void declaresEveryQueueAndTopicTheServicesUse() {
		assertThat(topology.queues()).extracting(Topology.QueueSpec::name)
			.containsExactlyInAnyOrder(MessagingNames.ORDERS_QUEUE, MessagingNames.CHECKOUT_QUEUE,
					MessagingNames.PAYMENT_QUEUE, MessagingNames.INVENTORY_QUEUE, MessagingNames.FULFILLMENT_QUEUE,
					MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE, MessagingNames.NOTIFICATION_QUEUE,
					MessagingNames.FRAUD_SCREENING_QUEUE,
					MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE, MessagingNames.FULFILLMENT_TASKS_QUEUE,
					MessagingNames.STOCK_LEVEL_CHANGES_QUEUE, MessagingNames.NOTIFICATION_STOCK_QUEUE);
		assertThat(topology.topics()).extracting(Topology.TopicSpec::name)
			.containsExactly(MessagingNames.ORDER_EVENTS_TOPIC, MessagingNames.STOCK_EVENTS_TOPIC);
	}

	/**
	 * A service's health is DOWN while a queue in its {@code securecart.messaging.listens-on} has no listener; that
	 * list must be the queues this declaration names it consumer of, or a queue could go unheard while all looks well.
	 * stock-level-changes is the stock-alerts function's (a Lambda on AWS).
	 */
	@Test
	void makesEachServiceListenOnExactlyTheQueuesItIsDeclaredConsumerOf() throws IOException {
		assertThat(topology.queues()).extracting(Topology.QueueSpec::consumer)
			.containsOnly("checkout-service", "payment-service", "inventory-service", "fulfillment-service",
					"notification-service", "stock-alerts");
		for (String service : List.of("checkout-service", "payment-service", "inventory-service",
				"fulfillment-service", "notification-service")) {
			assertThat(listensOn(service)).as("%s's securecart.messaging.listens-on", service)
				.containsExactlyInAnyOrderElementsOf(topology.queues()
					.stream()
					.filter(queue -> service.equals(queue.consumer()))
					.map(Topology.QueueSpec::name)
					.toList());
		}
	}

	/** Read from the service's source: its application.yml nests the key or writes it dotted, both are YAML. */
	@SuppressWarnings("unchecked")
	private static List<String> listensOn(String service) throws IOException {
		Path file = Path.of("../..", service, "src/main/resources/application.yml");
		try (var in = Files.newInputStream(file)) {
			Map<String, Object> yaml = new Yaml().load(in);
			Object messaging = yaml.containsKey("securecart.messaging") ? yaml.get("securecart.messaging")
					: ((Map<String, Object>) yaml.get("securecart")).get("messaging");
			return (List<String>) ((Map<String, Object>) messaging).getOrDefault("listens-on", List.of());
		}
	}

	/**
	 * A claim-checked message's payload must outlive every place its pointer can wait: a FIFO queue and then its DLQ
	 * (which restarts the clock on FIFO), the queue a redrive sends it back to, and the bus's archive (replay).
	 */
	@Test
	void keepsLargePayloadsLongerThanAnyPointerCanWait() {
		assertThat(topology.buckets()).extracting(Topology.BucketSpec::name)
			.containsExactly(MessagingNames.LARGE_PAYLOADS_BUCKET);
		long kept = topology.buckets().getFirst().expirationDays() * 86_400L;
		assertThat(topology.queues()).allSatisfy(queue -> assertThat(kept).isGreaterThanOrEqualTo(
				queue.messageRetentionSeconds() + (queue.deadLetter() == null ? 0
						: queue.deadLetter().messageRetentionSeconds() + queue.messageRetentionSeconds())));
		assertThat(topology.eventBuses()).allSatisfy(bus -> assertThat(kept)
			.isGreaterThanOrEqualTo(bus.archive() == null ? 0 : bus.archive().retentionDays() * 86_400L));
	}

	@Test
	void declaresTheCustomerActivityStreamItsProducersAndConsumerUse() {
		assertThat(topology.streams()).extracting(Topology.StreamSpec::name)
			.containsExactly(MessagingNames.CUSTOMER_ACTIVITY_STREAM);
		Topology.StreamSpec activity = topology.stream(MessagingNames.CUSTOMER_ACTIVITY_STREAM).orElseThrow();
		assertThat(activity.consumer()).isEqualTo("inventory-service");
		assertThat(activity.producers()).contains("inventory-service", "checkout-service");
	}

	@Test
	void filtersOnlyOnEventTypesThatExist() {
		Set<String> eventTypes = java.util.stream.Stream
			.concat(Arrays.stream(OrderEvent.class.getPermittedSubclasses()),
					Arrays.stream(StockEvent.class.getPermittedSubclasses()))
			.map(Class::getSimpleName)
			.collect(Collectors.toSet());

		assertThat(topology.subscriptions()).allSatisfy(subscription -> {
			assertThat(subscription.filterPolicy()).containsOnlyKeys(MessagingNames.EVENT_TYPE_ATTRIBUTE);
			assertThat(subscription.filterPolicy().get(MessagingNames.EVENT_TYPE_ATTRIBUTE)).isSubsetOf(eventTypes);
			assertThat(subscription.rawMessageDelivery()).isTrue();
		});
	}

	@Test
	void routesEveryEventPublishedOnTheTopicToSomeQueue() {
		Set<String> routed = topology.subscriptions()
			.stream()
			.flatMap(subscription -> subscription.filterPolicy().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stream())
			.collect(Collectors.toSet());
		// Checkout sends OrderPlaced to orders.fifo; every other event is published on the topic.
		List<String> publishedOnTopic = Arrays.stream(OrderEvent.class.getPermittedSubclasses())
			.filter(type -> type != OrderPlaced.class)
			.map(Class::getSimpleName)
			.toList();

		assertThat(routed).containsAll(publishedOnTopic);
	}

	/**
	 * A payment checkout rejected cancels the order (ADR 44): it reaches everyone who acted on the payment (payment
	 * refunds, inventory releases, fulfillment stops), fulfillment on a queue admission does not gate, so that it never
	 * waits behind the orders waiting to start. Not checkout, which announces it, nor notification: the customer hears
	 * of the refund.
	 */
	@Test
	void routesAPaymentCheckoutRejectedToEveryoneWhoActedOnThePayment() {
		String rejected = OrderEvent.eventTypeOf(PaymentRejected.class);

		assertThat(topology.subscriptions())
			.filteredOn(subscription -> subscription.filterPolicy()
				.get(MessagingNames.EVENT_TYPE_ATTRIBUTE)
				.contains(rejected))
			.extracting(Topology.SubscriptionSpec::queue)
			.containsExactlyInAnyOrder(MessagingNames.PAYMENT_QUEUE, MessagingNames.INVENTORY_QUEUE,
					MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE);
		assertThat(topology.subscriptions())
			.filteredOn(subscription -> subscription.queue().equals(MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE))
			.singleElement()
			.satisfies(subscription -> assertThat(subscription.filterPolicy().get(MessagingNames.EVENT_TYPE_ATTRIBUTE))
				.containsExactly(rejected));
		assertThat(topology.queue(MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE).orElseThrow().consumer())
			.isEqualTo("fulfillment-service");
	}

	@Test
	void routesStockLevelChangedFromItsTopicToNotificationAndFeedsTheFunctionFromAStandardQueue() {
		assertThat(topology.subscriptions())
			.filteredOn(subscription -> subscription.topic().equals(MessagingNames.STOCK_EVENTS_TOPIC))
			.singleElement()
			.satisfies(subscription -> {
				assertThat(subscription.queue()).isEqualTo(MessagingNames.NOTIFICATION_STOCK_QUEUE);
				assertThat(subscription.filterPolicy().get(MessagingNames.EVENT_TYPE_ATTRIBUTE))
					.containsExactly(StockLevelChanged.class.getSimpleName());
			});
		Topology.QueueSpec changes = topology.queue(MessagingNames.STOCK_LEVEL_CHANGES_QUEUE).orElseThrow();
		assertThat(changes.fifo()).isFalse();
		assertThat(changes.consumer()).isEqualTo("stock-alerts");
		assertThat(topology.subscriptions()).noneMatch(subscription -> subscription.queue().equals(changes.name()));
	}

	@Test
	void givesEveryQueueADeadLetterQueueOfTheSameKind() {
		assertThat(topology.queues()).allSatisfy(queue -> {
			assertThat(queue.deadLetter()).as(queue.name()).isNotNull();
			assertThat(queue.deadLetter().name().endsWith(".fifo")).as(queue.name()).isEqualTo(queue.fifo());
			assertThat(queue.receiveWaitTimeSeconds()).as("long polling on " + queue.name()).isBetween(1, 20);
		});
	}

	@Test
	void givesEverySubscriptionADeadLetterQueueForWhatSnsCannotDeliver() {
		assertThat(topology.subscriptions()).allSatisfy(subscription -> {
			assertThat(subscription.deadLetter()).as(subscription.queue()).isNotNull();
			assertThat(subscription.deadLetter().messageRetentionSeconds()).as("14 days, the most SQS keeps")
				.isEqualTo(1_209_600);
		});
		assertThat(topology.allQueueNames()).as("every queue declared once").doesNotHaveDuplicates();
		assertThat(topology.deadLetterQueueNames()).hasSize(topology.queues().size() + topology.subscriptions().size());
	}

	@Test
	void declaresTheBusItsHighValueRuleAndArchiveByTheNamesServicesUse() {
		Topology.EventBusSpec bus = topology.eventBus(MessagingNames.EVENT_BUS).orElseThrow();
		assertThat(topology.eventBuses()).hasSize(1);
		assertThat(bus.archive().name()).isEqualTo(MessagingNames.ORDER_EVENTS_ARCHIVE);
		assertThat(bus.archive().eventPattern().path("source").path(0).asString())
			.isEqualTo(MessagingNames.CHECKOUT_EVENT_SOURCE);
		Topology.RuleSpec rule = bus.rule(MessagingNames.HIGH_VALUE_ORDERS_RULE).orElseThrow();
		assertThat(rule.eventPattern().path("source").path(0).asString()).isEqualTo(MessagingNames.CHECKOUT_EVENT_SOURCE);
		assertThat(rule.eventPattern().path("detail-type").path(0).asString())
			.isEqualTo(OrderEvent.eventTypeOf(OrderPlaced.class));
		assertThat(HighValueOrders.threshold().amount())
			.isEqualByComparingTo(rule.eventPattern().at("/detail/total/amount/0/numeric/1").decimalValue());
	}

	@Test
	void routesRulesOnlyToQueuesWithADeadLetterQueueAndRetriesForAws() {
		Topology.RuleSpec rule = topology.eventBus(MessagingNames.EVENT_BUS)
			.flatMap(bus -> bus.rule(MessagingNames.HIGH_VALUE_ORDERS_RULE))
			.orElseThrow();
		assertThat(rule.targets()).singleElement().satisfies(target -> {
			assertThat(target.queue()).isEqualTo(MessagingNames.FRAUD_SCREENING_QUEUE);
			Topology.QueueSpec queue = topology.queue(target.queue()).orElseThrow();
			assertThat(queue.fifo()).as("FIFO targets need content-based dedup on moto").isFalse();
			assertThat(target.deadLetterQueue()).isEqualTo(queue.deadLetter().name());
			assertThat(target.retryPolicy()).isNotNull();
		});
	}

	@Test
	void refusesARuleThatTargetsAnUndeclaredQueue() {
		Topology.TargetSpec stray = new Topology.TargetSpec("stray", "no-such-queue", null, null);
		Topology.EventBusSpec bus = new Topology.EventBusSpec("b", null, null,
				List.of(new Topology.RuleSpec("r", null, null, List.of(stray))));

		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Topology(topology.topics(), topology.queues(), topology.subscriptions(), List.of(bus),
					topology.stateMachines(), topology.buckets(), topology.streams(), topology.encryptionAtRest()))
			.withMessageContaining("no-such-queue");
	}

	@Test
	void declaresTheFulfillmentStateMachineWithASubstitutionForEveryPlaceholder() {
		Topology.StateMachineSpec machine = topology.stateMachine(MessagingNames.FULFILLMENT_STATE_MACHINE)
			.orElseThrow();

		assertThat(machine.placeholders()).isEqualTo(machine.definitionSubstitutions().keySet());
		assertThat(machine.taskQueues()).containsExactly(MessagingNames.FULFILLMENT_TASKS_QUEUE);
		assertThat(machine.roleName()).isNotBlank();
		String rendered = machine.render(queue -> "https://sqs.example/" + queue);
		assertThat(rendered).doesNotContain("${").contains("https://sqs.example/fulfillment-tasks");
	}

	@Test
	void givesEveryTaskACallbackQueueATimeoutAHeartbeatAndARetry() {
		Topology.StateMachineSpec machine = topology.stateMachine(MessagingNames.FULFILLMENT_STATE_MACHINE)
			.orElseThrow();
		List<tools.jackson.databind.JsonNode> tasks = tasks(machine.definitionDocument().get("States"));

		assertThat(tasks).extracting(task -> task.get("Parameters").get("MessageBody").get("step").asString())
			.containsExactlyInAnyOrder("ValidateOrder", "Pick", "Pack", "Ship", "Invoice", "CancelShipments");
		assertThat(tasks).allSatisfy(task -> {
			assertThat(task.get("Resource").asString()).isEqualTo("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
			assertThat(task.get("Parameters").get("QueueUrl").asString()).isEqualTo("${TaskQueueUrl}");
			assertThat(task.get("Parameters").get("MessageBody").get("taskToken.$").asString())
				.isEqualTo("$$.Task.Token");
			assertThat(task.has("TimeoutSeconds")).isTrue();
			assertThat(task.has("HeartbeatSeconds")).isTrue();
			assertThat(task.get("Retry")).isNotEmpty();
		});
		assertThat(((Number) machine.definitionSubstitutions().get("HeartbeatSeconds")).intValue())
			.isLessThan(((Number) machine.definitionSubstitutions().get("TaskTimeoutSeconds")).intValue());
	}

	@Test
	void retriesEveryStepOfTheMainPathWhoseWorkerWentSilentBeforeCompensating() {
		Topology.StateMachineSpec machine = topology.stateMachine(MessagingNames.FULFILLMENT_STATE_MACHINE)
			.orElseThrow();
		List<tools.jackson.databind.JsonNode> mainPath = tasks(machine.definitionDocument().get("States")).stream()
			.filter(task -> !"CancelShipments".equals(task.get("Parameters").get("MessageBody").get("step").asString()))
			.toList();

		assertThat(mainPath).hasSize(5).allSatisfy(task -> assertThat(task.get("Retry").valueStream()
			.filter(retry -> retry.get("ErrorEquals").valueStream()
				.anyMatch(error -> "States.HeartbeatTimeout".equals(error.asString())))
			.map(retry -> retry.get("MaxAttempts").asString())).containsExactly("${WorkerLostRetries}"));
		assertThat(((Number) machine.definitionSubstitutions().get("WorkerLostRetries")).intValue()).isPositive();
	}

	@Test
	void catchesEveryFailureBeforeTheParcelsLeaveIntoTheCompensationAndNoneAfter() {
		tools.jackson.databind.JsonNode states = topology.stateMachine(MessagingNames.FULFILLMENT_STATE_MACHINE)
			.orElseThrow()
			.definitionDocument()
			.get("States");

		for (String state : List.of("ValidateOrder", "PickAndPackEachShipment", "Ship", "Invoice")) {
			assertThat(states.get(state).get("Catch").get(0).get("ErrorEquals").get(0).asString()).as(state)
				.isEqualTo("States.ALL");
		}
		for (String state : List.of("ValidateOrder", "PickAndPackEachShipment", "Ship")) {
			assertThat(states.get(state).get("Catch").get(0).get("Next").asString()).as(state)
				.isEqualTo("CancelShipments");
		}
		// The parcels left at Ship (ADR 35): a failed Invoice compensates nothing, the service issues it later.
		String afterInvoice = states.get("Invoice").get("Catch").get(0).get("Next").asString();
		assertThat(states.get(afterInvoice).get("Type").asString()).as(afterInvoice).isEqualTo("Succeed");
		assertThat(states.get("PickAndPackEachShipment").get("Type").asString()).isEqualTo("Map");
	}

	@Test
	void refusesAStateMachineThatSendsToAnUndeclaredQueue() {
		Topology.StateMachineSpec machine = topology.stateMachine(MessagingNames.FULFILLMENT_STATE_MACHINE)
			.orElseThrow()
			.withSubstitutions("other", java.util.Map.of("TaskQueueUrl", "queueUrl:nowhere"));

		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Topology(topology.topics(), topology.queues(), topology.subscriptions(),
					topology.eventBuses(), List.of(machine), topology.buckets(), topology.streams(),
					topology.encryptionAtRest()))
			.withMessageContaining("nowhere");
	}

	private static List<tools.jackson.databind.JsonNode> tasks(tools.jackson.databind.JsonNode states) {
		List<tools.jackson.databind.JsonNode> found = new java.util.ArrayList<>();
		states.forEach(state -> {
			if ("Task".equals(state.get("Type").asString())) {
				found.add(state);
			}
			if (state.has("ItemProcessor")) {
				found.addAll(tasks(state.get("ItemProcessor").get("States")));
			}
		});
		return found;
	}

	@Test
	void declaresEveryQueueAndTopicEncryptedAtRest() {
		assertThat(topology.encryptionAtRest().queues()).as("queues may hold customer data").isTrue();
		assertThat(topology.encryptionAtRest().topics()).as("topics may hold customer data").isTrue();
		assertThat(topology.encryptionAtRest().description()).contains("SqsManagedSseEnabled")
			.contains(Topology.EncryptionAtRestSpec.AWS_MANAGED_SNS_KEY);
	}

	@Test
	void refusesATopologyThatLeavesEncryptionAtRestUnsaid() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Topology(topology.topics(), topology.queues(), topology.subscriptions(),
					topology.eventBuses(), topology.stateMachines(), topology.buckets(), topology.streams(), null))
			.withMessageContaining("encryptionAtRest");
	}

	@Test
	void declaresTheCartsTableByTheNameCheckoutUsesWithKeysAndTimeToLive() {
		assertThat(Table.declared()).singleElement().satisfies(table -> {
			assertThat(table.name()).isEqualTo(MessagingNames.CARTS_TABLE);
			assertThat(table.partitionKey()).isEqualTo("customerId");
			assertThat(table.sortKey()).isEqualTo("sku");
			assertThat(table.timeToLiveAttribute()).isEqualTo("expiresAt");
			assertThat(table.consumer()).isEqualTo("checkout-service");
		});
	}

	/** Competing consumers of orders.fifo scale across customers (message groups); docs/aws.md has the quotas. */
	@Test
	void declaresEveryFifoQueueInHighThroughputModeAndNoStandardQueueWithFifoSettings() {
		assertThat(topology.queues()).filteredOn(Topology.QueueSpec::fifo)
			.extracting(Topology.QueueSpec::name)
			.containsExactly(MessagingNames.ORDERS_QUEUE);
		assertThat(topology.queues()).allSatisfy(queue -> assertThat(queue.highThroughput()).as(queue.name())
			.isEqualTo(queue.fifo()));
		var dlq = new Topology.DeadLetterSpec("q-dlq.fifo", 5, 60);
		assertThatThrownBy(() -> new Topology.QueueSpec("q.fifo", "", "c", 30, 20, 60, null, null, dlq))
			.hasMessageContaining("never leave them to a default");
		assertThatThrownBy(
				() -> new Topology.QueueSpec("q.fifo", "", "c", 30, 20, 60, "queue", "perMessageGroupId", dlq))
			.hasMessageContaining("only with deduplicationScope messageGroup");
		assertThatThrownBy(() -> new Topology.QueueSpec("q", "", "c", 30, 20, 60, "messageGroup", null, null))
			.hasMessageContaining("FIFO settings");
		assertThat(new Topology.QueueSpec("q.fifo", "", "c", 30, 20, 60, "queue", "perQueue", dlq).highThroughput())
			.isFalse();
	}

	@Test
	void readsTheEndpointFromTheEnvironmentAndDefaultsToAws() {
		assertThat(ProvisionerApplication.endpoint(java.util.Map.of("SPRING_CLOUD_AWS_ENDPOINT", "http://x:4566")))
			.hasValueSatisfying(uri -> assertThat(uri).hasToString("http://x:4566"));
		assertThat(ProvisionerApplication.endpoint(java.util.Map.of())).isEmpty();
	}
}
