package io.securecart.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.dlq.DeadLetterMessage;
import io.securecart.platform.dlq.DeadLetterMessageNotFoundException;
import io.securecart.platform.dlq.DeadLetterQueueSummary;
import io.securecart.platform.dlq.DeadLetterQueues;
import io.securecart.platform.dlq.RedriveResult;
import io.securecart.platform.messaging.AwsRequestCounter;
import io.securecart.platform.outbox.Outbox;
import io.securecart.platform.outbox.OutboxRelay;
import io.securecart.platform.outbox.OutboxRows;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The platform's promises, against real PostgreSQL and moto: an event is published if and only if its transaction
 * commits, even when the relay was down; a redelivery has no second effect; a poison message ends in the DLQ without
 * blocking anything else, and comes back by redrive.
 */
@ServiceIntegrationTest
class MessagingReliabilityIT {

	static {
		PlatformDatabase.ensureExists();
	}

	/** orders.fifo's dead-letter queue (infra/topology.json). */
	private static final String DEAD_LETTERED_ORDERS = "orders-dlq.fifo";

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static TestMessaging messaging;

	@Autowired
	PlatformTestApplication.RecordingService service;

	@Autowired
	PlatformTestApplication.PoisonedCustomers poisoned;

	@Autowired
	OutboxRelay relay;

	@Autowired
	Outbox outbox;

	@Autowired
	DeadLetterQueues deadLetterQueues;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTestApplication.Listeners listeners;

	@Autowired
	MeterRegistry meters;

	@BeforeAll
	static void connect() {
		messaging = new TestMessaging(TestInfrastructure.shared());
	}

	@AfterAll
	static void disconnect() {
		messaging.close();
	}

	@Test
	void publishesAnEventOnlyWhenItsTransactionCommits() {
		PaymentDeclined committed = declined("commit-" + UUID.randomUUID());
		PaymentDeclined rolledBack = declined("rollback-" + UUID.randomUUID());

		service.recordAndPublish(committed, false);
		assertThatThrownBy(() -> service.recordAndPublish(rolledBack, true)).isInstanceOf(IllegalStateException.class);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(committed)).isEqualTo(2));
		assertThat(OutboxRows.isPublished(jdbc, committed.eventId())).isTrue();
		assertThat(effects(rolledBack)).isZero();
		assertThat(jdbc.sql("select count(*) from outbox_message where id = :id")
			.param("id", rolledBack.eventId())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void losesNothingWhileTheRelayIsDownAndPublishesOnceItIsBack() {
		relay.stop();
		try {
			List<PaymentDeclined> events = List.of(declined("crash-a"), declined("crash-b"), declined("crash-c"));
			events.forEach(event -> service.recordAndPublish(event, false));

			assertThat(events).allSatisfy(event -> assertThat(OutboxRows.isPublished(jdbc, event.eventId())).isFalse());
			assertThat(outbox.pendingCount()).isGreaterThanOrEqualTo(3);
			events.forEach(event -> assertThat(effects(event)).as("only the state change so far").isEqualTo(1));
		}
		finally {
			relay.start();
		}
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(outbox.pendingCount()).isZero());
	}

	@Test
	void retriesWithBackoffWhileTheBrokerRejectsAndLosesNothing() {
		PaymentDeclined event = declined("unroutable-" + UUID.randomUUID());
		// A destination the broker does not have stands in for a broker that refuses the publish for a while.
		jdbc.sql("""
				insert into outbox_message (id, destination_kind, destination, event_type, payload)
				values (:id, 'TOPIC', 'no-such-topic', 'PaymentDeclined', :payload)
				""")
			.param("id", event.eventId())
			.param("payload", OrderEventCodec.standalone().encode(event))
			.update();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(attempts(event)).isGreaterThanOrEqualTo(2));
		assertThat(OutboxRows.isPublished(jdbc, event.eventId())).isFalse();
		assertThat(jdbc.sql("select last_error from outbox_message where id = :id")
			.param("id", event.eventId())
			.query(String.class)
			.single()).contains("no-such-topic");

		jdbc.sql("update outbox_message set destination = 'order-events', next_attempt_at = now() where id = :id")
			.param("id", event.eventId())
			.update();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(event)).isEqualTo(1));
		assertThat(OutboxRows.isPublished(jdbc, event.eventId())).isTrue();
	}

	@Test
	void appliesAnEventDeliveredTwiceOnlyOnce() {
		PaymentDeclined event = declined("twice-" + UUID.randomUUID());

		messaging.send(MessagingNames.NOTIFICATION_QUEUE, event);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, event);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(event)).isEqualTo(1));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(messaging.approximateCount(MessagingNames.NOTIFICATION_QUEUE)).isZero());
		assertThat(effects(event)).isEqualTo(1);
	}

	@Test
	void movesAnUnparseableMessageToTheDeadLetterQueueWithoutBlockingOthers() {
		String marker = "garbage-" + UUID.randomUUID();
		messaging.sendRaw(MessagingNames.NOTIFICATION_QUEUE, "PaymentDeclined", "{not json " + marker, null, null);
		PaymentDeclined good = declined("after-garbage-" + UUID.randomUUID());
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, good);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(effects(good)).isEqualTo(1));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(deadLetterBodies("notification-order-events-dlq"))
				.anySatisfy(body -> assertThat(body).contains(marker)));
	}

	@Test
	void redrivesAPoisonMessageOnceItsCauseIsFixedAndItCompletes() {
		String customer = "poison-" + UUID.randomUUID();
		poisoned.poison(customer);
		PaymentDeclined poison = declined(customer);
		messaging.send(MessagingNames.NOTIFICATION_QUEUE, poison);

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(deadLetterQueues.messages(MessagingNames.NOTIFICATION_QUEUE, 10))
				.anySatisfy(message -> {
					assertThat(message.body()).contains(poison.eventId().toString());
					assertThat(message.eventType()).isEqualTo("PaymentDeclined");
					assertThat(message.receiveCount()).isGreaterThanOrEqualTo(5);
				}));
		assertThat(effects(poison)).isZero();

		poisoned.cure(customer);
		String messageId = deadLetterQueues.messages(MessagingNames.NOTIFICATION_QUEUE, 10)
			.stream()
			.filter(message -> message.body().contains(poison.eventId().toString()))
			.findFirst()
			.orElseThrow()
			.messageId();
		RedriveResult result = deadLetterQueues.redriveOne(MessagingNames.NOTIFICATION_QUEUE, messageId);

		assertThat(result.moved()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(poison)).isEqualTo(1));
	}

	/**
	 * On AWS a send that reuses a deduplication id within five minutes is accepted and dropped; a redrive that did so
	 * and then deleted the DLQ copy would lose the message. moto forgets ids, so the test checks the id itself.
	 */
	@Test
	void redrivesFifoMessagesWithNewDeduplicationIdsKeepingTheirGroupAndTheyComplete() {
		String oneCustomer = "redrive-one-" + UUID.randomUUID();
		String allCustomer = "redrive-all-" + UUID.randomUUID();
		OrderPlaced redrivenAlone = placed(oneCustomer);
		OrderPlaced redrivenWithTheRest = placed(allCustomer);
		poisoned.poison(oneCustomer);
		poisoned.poison(allCustomer);
		service.sendToOrdersQueue(redrivenAlone);
		service.sendToOrdersQueue(redrivenWithTheRest);

		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(deadLetterQueues.messages(MessagingNames.ORDERS_QUEUE, 10))
				.extracting(DeadLetterMessage::messageGroupId)
				.contains(oneCustomer, allCustomer));
		DeadLetterMessage alone = deadLetterQueues.messages(MessagingNames.ORDERS_QUEUE, 10)
			.stream()
			.filter(message -> message.messageGroupId().equals(oneCustomer))
			.findFirst()
			.orElseThrow();
		assertThat(alone.deduplicationId()).isEqualTo(redrivenAlone.orderId().toString());
		poisoned.cure(oneCustomer);
		poisoned.cure(allCustomer);

		assertThat(deadLetterQueues.redriveOne(MessagingNames.ORDERS_QUEUE, alone.messageId()).moved()).isEqualTo(1);
		RedriveResult all = deadLetterQueues.redriveAll(MessagingNames.ORDERS_QUEUE);

		assertThat(all.method()).as("moto has no StartMessageMoveTask").isEqualTo("receive-send-delete");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(effects(redrivenAlone)).isEqualTo(1);
			assertThat(effects(redrivenWithTheRest)).isEqualTo(1);
		});
		for (OrderPlaced event : List.of(redrivenAlone, redrivenWithTheRest)) {
			assertThat(listeners.deduplicationIds.get(event.eventId())).as("dedup id of the redriven delivery")
				.isNotEqualTo(event.orderId().toString())
				.startsWith(event.orderId() + "~redrive-");
		}
	}

	@Test
	void aFifoMessageFarBehindTheFirstOfItsGroupIsNotFoundAloneAndTheProblemSaysWhichComesFirst() {
		String customer = "redrive-behind-" + UUID.randomUUID();
		List<OrderPlaced> group = IntStream.range(0, 11).mapToObj(i -> placed(customer)).toList();
		// In the DLQ in their group's order, as SQS dead-letters a group. A receive hands out ten of them at most.
		List<String> messageIds = group.stream()
			.map(event -> messaging.sendRaw(DEAD_LETTERED_ORDERS, event.eventType(), codec.encode(event), customer,
					event.orderId().toString()))
			.toList();

		assertThatThrownBy(() -> deadLetterQueues.redriveOne(MessagingNames.ORDERS_QUEUE, messageIds.getLast()))
			.isInstanceOf(DeadLetterMessageNotFoundException.class)
			.hasMessageContaining("First of their groups now: ")
			.hasMessageContaining(messageIds.getFirst() + " (group " + customer + ")");
		// Other tests' messages may wait in the same DLQ: each of this group's is redriven once it is the group's first.
		for (String messageId : messageIds) {
			assertThat(deadLetterQueues.redriveOne(MessagingNames.ORDERS_QUEUE, messageId).moved()).isOne();
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(group).allSatisfy(event -> assertThat(effects(event)).isOne()));
	}

	@Test
	void listsAndRedrivesTheDeadLetterQueueOfTheSubscriptionThatDeliversToAQueue() {
		assertThat(deadLetterQueues.summaries()).anySatisfy(summary -> {
			assertThat(summary.queue()).isEqualTo(MessagingNames.NOTIFICATION_QUEUE);
			assertThat(summary.deadLetterQueue()).isEqualTo("notification-order-events-delivery-dlq");
			assertThat(summary.kind()).isEqualTo(DeadLetterQueueSummary.Kind.SNS_DELIVERY);
		}).anySatisfy(summary -> {
			assertThat(summary.queue()).isEqualTo(MessagingNames.NOTIFICATION_QUEUE);
			assertThat(summary.deadLetterQueue()).isEqualTo("notification-order-events-dlq");
			assertThat(summary.kind()).isEqualTo(DeadLetterQueueSummary.Kind.RECEIVES);
		});
		// What SNS parks there when it cannot deliver (raw delivery: the message itself, with its attributes).
		PaymentDeclined undelivered = declined("undelivered-" + UUID.randomUUID());
		messaging.send("notification-order-events-delivery-dlq", undelivered);

		RedriveResult result = deadLetterQueues.redriveAll("notification-order-events-delivery-dlq");

		assertThat(result.queue()).isEqualTo(MessagingNames.NOTIFICATION_QUEUE);
		assertThat(result.moved()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(undelivered)).isEqualTo(1));
	}

	@Test
	void aPoisonMessageHoldsBackOnlyItsOwnFifoGroupUntilItIsDeadLettered() throws Exception {
		// The group is retried once per visibility timeout (below): 6 s here instead of the declared 30, so the test
		// takes half a minute instead of two. The timeline is the same, only faster.
		try (AutoCloseable restored = messaging.changeVisibilityTimeout(MessagingNames.ORDERS_QUEUE,
				Duration.ofSeconds(6))) {
			aPoisonMessageHoldsBackOnlyItsOwnFifoGroup();
		}
	}

	private void aPoisonMessageHoldsBackOnlyItsOwnFifoGroup() {
		String customer = "fifo-" + UUID.randomUUID();
		OrderPlaced poison = placed(customer);
		OrderPlaced sameGroupAfterPoison = placed(customer);
		OrderPlaced otherGroup = placed("fifo-other-" + UUID.randomUUID());
		poisoned.poison(poison.eventId().toString());

		service.sendToOrdersQueue(poison);
		service.sendToOrdersQueue(otherGroup);
		await().atMost(Duration.ofSeconds(10)).until(() -> poisoned.refusals(poison.eventId()) >= 1);
		// Sent after the poison's first receive, so the poison stays one receive ahead of it: a message that is
		// received together with the poison every time reaches maxReceiveCount with it and is dead-lettered too.
		service.sendToOrdersQueue(sameGroupAfterPoison);

		await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(effects(otherGroup)).isEqualTo(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> poisoned.refusals(poison.eventId()) >= 2);
		assertThat(effects(sameGroupAfterPoison)).as("FIFO: held back behind the poison in its group").isZero();

		// Spring Cloud AWS discards the rest of a failed message's group from the batch, and SQS hands them out again
		// only after the queue's visibility timeout: the poison is retried once per timeout, not at the error
		// handler's backoff, and moved aside on its sixth receive, two minutes in at 30 s (docs/reliability.md).
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(effects(sameGroupAfterPoison)).isEqualTo(1));
		assertThat(poisoned.refusals(poison.eventId())).as("every receive of the poison came before it")
			.isEqualTo(5);
		assertThat(effects(poison)).isZero();
		// moto keeps a dead-lettered message invisible for the rest of the visibility timeout it was received with.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(deadLetterQueues.messages(MessagingNames.ORDERS_QUEUE, 10))
				.anySatisfy(message -> {
					assertThat(message.messageGroupId()).isEqualTo(customer);
					assertThat(message.deduplicationId()).isEqualTo(poison.orderId().toString());
					assertThat(message.body()).doesNotContain("tok_visa").contains("\"paymentToken\":\"***\"");
				}));
	}

	@Test
	void publishesTheRowsOfARoundToOneDestinationInBatchesOfTen() {
		double batchesBefore = awsRequests("sns", "PublishBatch");
		double singlesBefore = awsRequests("sns", "Publish");
		List<PaymentDeclined> events = IntStream.range(0, 12)
			.mapToObj(i -> declined("batched-" + i + "-" + UUID.randomUUID()))
			.toList();
		relay.stop();
		try {
			events.forEach(event -> service.recordAndPublish(event, false));
		}
		finally {
			relay.start();
		}

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(events).allSatisfy(event -> assertThat(effects(event)).isEqualTo(2)));
		assertThat(awsRequests("sns", "PublishBatch") - batchesBefore).as("12 rows: a batch of 10 and one of 2")
			.isEqualTo(2);
		assertThat(awsRequests("sns", "Publish")).isEqualTo(singlesBefore);
	}

	@Test
	void countsTheRequestsItSendsToTheBroker() {
		double publishesBefore = awsRequests("sns", "PublishBatch");
		double pollsBefore = awsRequests("sqs", "ReceiveMessage");
		PaymentDeclined event = declined("counted-" + UUID.randomUUID());

		service.recordAndPublish(event, false);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(effects(event)).isEqualTo(2));
		assertThat(awsRequests("sns", "PublishBatch")).as("the relay's publish").isGreaterThan(publishesBefore);
		assertThat(awsRequests("sqs", "ReceiveMessage")).as("the listener's polls").isGreaterThan(pollsBefore);
	}

	private double awsRequests(String service, String operation) {
		Counter counter = meters.find(AwsRequestCounter.METRIC)
			.tag("service", service)
			.tag("operation", operation)
			.counter();
		return counter == null ? 0 : counter.count();
	}

	private long effects(OrderEvent event) {
		return jdbc.sql("select count(*) from recorded_effect where event_id = :id")
			.param("id", event.eventId())
			.query(Long.class)
			.single();
	}

	private int attempts(OrderEvent event) {
		return jdbc.sql("select attempts from outbox_message where id = :id")
			.param("id", event.eventId())
			.query(Integer.class)
			.single();
	}

	private List<String> deadLetterBodies(String deadLetterQueue) {
		return messaging.peek(deadLetterQueue).stream().map(Message::body).toList();
	}

	private static PaymentDeclined declined(String customerId) {
		return new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), customerId, "card_declined", Instant.now());
	}

	private static OrderPlaced placed(String customerId) {
		return new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), customerId,
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Money.of("12.50"), "tok_visa",
				Instant.now());
	}
}
