package io.securecart.testsupport;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.StockRejected;
import io.securecart.provisioner.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The harness itself, on whichever backend runs: the provisioned topology behaves as declared, the replica is a real
 * hot standby, and replication needs a password.
 */
class HostStackIT {

	private static TestInfrastructure infrastructure;

	private static TestMessaging messaging;

	@BeforeAll
	static void start() {
		infrastructure = TestInfrastructure.shared();
		messaging = new TestMessaging(infrastructure);
	}

	@AfterAll
	static void close() {
		messaging.close();
	}

	@Test
	void provisionsEveryDeclaredQueueAndIsIdempotent() {
		infrastructure.provisionTopology();

		for (String queue : Topology.declared().allQueueNames()) {
			assertThat(messaging.queueUrl(queue)).endsWith("/" + queue);
		}
	}

	/** The drift check of encryption at rest and tables: what the provisioner set is what infra/topology.json says. */
	@Test
	void encryptsQueuesAndTopicsAtRestAndCreatesTheDeclaredTablesWithTheirTimeToLive() {
		Topology topology = Topology.declared();
		try (var sqs = infrastructure.sqsClient(); var sns = infrastructure.snsClient();
				var dynamoDb = infrastructure.dynamoDbClient()) {
			for (String queue : topology.allQueueNames()) {
				String url = messaging.queueUrl(queue);
				assertThat(sqs.getQueueAttributes(request -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.SQS_MANAGED_SSE_ENABLED))
					.attributes()
					.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED)).as(queue)
					.isEqualTo(String.valueOf(topology.encryptionAtRest().queues()));
			}
			// FIFO high-throughput mode as declared (a quota on AWS only; the emulator keeps the values).
			for (Topology.QueueSpec queue : topology.queues().stream().filter(Topology.QueueSpec::fifo).toList()) {
				String url = messaging.queueUrl(queue.name());
				assertThat(sqs.getQueueAttributes(request -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.DEDUPLICATION_SCOPE, QueueAttributeName.FIFO_THROUGHPUT_LIMIT))
					.attributes()).as(queue.name())
					.containsEntry(QueueAttributeName.DEDUPLICATION_SCOPE, queue.deduplicationScope())
					.containsEntry(QueueAttributeName.FIFO_THROUGHPUT_LIMIT, queue.fifoThroughputLimit());
			}
			for (Topology.TopicSpec topic : topology.topics()) {
				String arn = sns.listTopics().topics().stream()
					.map(found -> found.topicArn())
					.filter(found -> found.endsWith(":" + topic.name()))
					.findFirst()
					.orElseThrow();
				assertThat(sns.getTopicAttributes(request -> request.topicArn(arn)).attributes().get("KmsMasterKeyId"))
					.as(topic.name())
					.isEqualTo(Topology.EncryptionAtRestSpec.AWS_MANAGED_SNS_KEY);
			}
			for (io.securecart.provisioner.Table table : io.securecart.provisioner.Table.declared()) {
				var described = dynamoDb.describeTable(request -> request.tableName(table.name())).table();
				assertThat(described.keySchema()).extracting(key -> key.attributeName())
					.containsExactly(table.partitionKey(), table.sortKey());
				var ttl = dynamoDb.describeTimeToLive(request -> request.tableName(table.name())).timeToLiveDescription();
				assertThat(ttl.attributeName()).as(table.name()).isEqualTo(table.timeToLiveAttribute());
				assertThat(ttl.timeToLiveStatusAsString()).as(table.name()).isIn("ENABLED", "ENABLING");
			}
		}
	}

	/**
	 * moto 5.2.1 in server mode failed the second execution of a state machine and named unnamed executions
	 * "None"; infra/local/moto_fast.py patches both and moto.sh switches execution on. LocalStack needs neither.
	 */
	@Test
	void runsFiveExecutionsOfOneStateMachineInARow() {
		try (var sfn = infrastructure.sfnClient()) {
			String definition = """
					{"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "Parameters": {"echoed.$": "$.n"}, "End": true}}}
					""";
			String arn = sfn.createStateMachine(request -> request.name("five-in-a-row-" + UUID.randomUUID())
				.definition(definition)
				.roleArn("arn:aws:iam::000000000000:role/test")).stateMachineArn();

			for (int n = 1; n <= 5; n++) {
				String input = "{\"n\": " + n + "}";
				String execution = sfn.startExecution(request -> request.stateMachineArn(arn).input(input))
					.executionArn();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> sfn.describeExecution(request -> request.executionArn(execution)).statusAsString(),
							"SUCCEEDED"::equals);
				assertThat(sfn.describeExecution(request -> request.executionArn(execution)).output().replace(" ", ""))
					.isEqualTo("{\"echoed\":" + n + "}");
			}
			assertThat(sfn.listExecutions(request -> request.stateMachineArn(arn)).executions())
				.extracting(execution -> execution.name())
				.hasSize(5)
				.doesNotHaveDuplicates()
				.doesNotContain("None");
		}
	}

	/**
	 * A worker may answer a task before Step Functions has begun to wait for the answer: a quick worker on a queue
	 * that wakes its long poll at once. With HeartbeatSeconds on the task, moto 5.2.1 lost such an answer: it set up
	 * the heartbeat wait after the answer had come, so the wait ran out and the task failed (the fulfilment workflow's
	 * Retry then ran it again a heartbeat later: a minute for one order in a hundred, the steady benchmark's p99). Patch
	 * 22 of infra/local/moto_fast.py; Step Functions keeps the answer. A tight worker caught the unpatched emulator in
	 * about a quarter of the executions.
	 */
	@Test
	void aTaskAnsweredBeforeItsHeartbeatWaitBeganSucceeds() {
		try (var sqs = infrastructure.sqsClient(); var sfn = infrastructure.sfnClient()) {
			String queue = sqs.createQueue(request -> request.queueName("early-answers-" + UUID.randomUUID())).queueUrl();
			String definition = """
					{"StartAt": "Work", "States": {"Work": {"Type": "Task",
					  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 5,
					  "Parameters": {"QueueUrl": "%s", "MessageBody.$": "$$.Task.Token"}, "End": true}}}
					""".formatted(queue);
			String arn = sfn.createStateMachine(request -> request.name("early-answers-" + UUID.randomUUID())
				.definition(definition)
				.roleArn("arn:aws:iam::000000000000:role/test")).stateMachineArn();
			AtomicBoolean working = new AtomicBoolean(true);
			CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
				while (working.get()) {
					for (Message task : sqs.receiveMessage(request -> request.queueUrl(queue)
						.maxNumberOfMessages(10)
						.waitTimeSeconds(1)).messages()) {
						sfn.sendTaskSuccess(request -> request.taskToken(task.body()).output("{}"));
						sqs.deleteMessage(request -> request.queueUrl(queue).receiptHandle(task.receiptHandle()));
					}
				}
			});
			try {
				Function<String, String> status = execution -> sfn
					.describeExecution(request -> request.executionArn(execution))
					.statusAsString();
				// One at a time, so that each task finds the worker waiting in its long poll and is answered at once.
				for (int n = 1; n <= 100; n++) {
					String execution = sfn.startExecution(request -> request.stateMachineArn(arn)).executionArn();
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(20))
						.until(() -> !"RUNNING".equals(status.apply(execution)));
					assertThat(status.apply(execution)).as("execution %d", n).isEqualTo("SUCCEEDED");
				}
			}
			finally {
				working.set(false);
				worker.join();
				sqs.deleteQueue(request -> request.queueUrl(queue));
			}
		}
	}

	@Test
	void givesEverySubscriptionADeadLetterQueueTheTopicMaySendTo() {
		infrastructure.provisionTopology();
		try (var sns = infrastructure.snsClient(); var sqs = infrastructure.sqsClient()) {
			assertSubscriptionDeadLetterQueues(sns, sqs);
		}
	}

	private static void assertSubscriptionDeadLetterQueues(software.amazon.awssdk.services.sns.SnsClient sns,
			software.amazon.awssdk.services.sqs.SqsClient sqs) {
		for (Topology.SubscriptionSpec declared : Topology.declared().subscriptions()) {
			String queueArn = queueAttribute(sqs, declared.queue(), QueueAttributeName.QUEUE_ARN);
			String dlqArn = queueAttribute(sqs, declared.deadLetter().name(), QueueAttributeName.QUEUE_ARN);
			var subscription = sns.listSubscriptionsPaginator()
				.subscriptions()
				.stream()
				.filter(each -> queueArn.equals(each.endpoint()))
				.findFirst()
				.orElseThrow();

			assertThat(sns.getSubscriptionAttributes(request -> request.subscriptionArn(subscription.subscriptionArn()))
				.attributes()
				.get("RedrivePolicy")).as(declared.queue()).contains("\"deadLetterTargetArn\":\"" + dlqArn + "\"");
			assertThat(queueAttribute(sqs, declared.deadLetter().name(), QueueAttributeName.POLICY))
				.as("SNS may send to " + declared.deadLetter().name())
				.contains("sns.amazonaws.com")
				.contains(subscription.topicArn());
		}
	}

	private static String queueAttribute(software.amazon.awssdk.services.sqs.SqsClient sqs, String queue,
			QueueAttributeName name) {
		String url = sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
		return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(name)).attributes().get(name);
	}

	@Test
	void fansOutByEventTypeWithRawDelivery() {
		var declined = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "alice", "declined", Instant.now());
		var rejected = new StockRejected(UUID.randomUUID(), UUID.randomUUID(), "bob", List.of("SKU"), "out of stock",
				Instant.now());

		messaging.publish(declined);
		messaging.publish(rejected);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(bodies(MessagingNames.PAYMENT_QUEUE))
				.anySatisfy(body -> assertThat(body).contains(rejected.eventId().toString())));
		assertThat(bodies(MessagingNames.PAYMENT_QUEUE)).noneSatisfy(
				body -> assertThat(body).contains(declined.eventId().toString()));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(messaging.peek(MessagingNames.NOTIFICATION_QUEUE))
				.anySatisfy(message -> {
					assertThat(message.body()).startsWith("{").contains(declined.eventId().toString());
					assertThat(message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
						.isEqualTo("PaymentDeclined");
				}));
	}

	@Test
	void runsAHotStandbyReplicaThatReceivesThePrimarysWrites() {
		JdbcClient primary = jdbc(infrastructure.jdbcUrl("inventory"));
		JdbcClient replica = jdbc(infrastructure.replicaJdbcUrl("inventory"));
		String table = "harness_probe_" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);

		primary.sql("create table " + table + " (amount numeric(10, 2))").update();
		primary.sql("insert into " + table + " values (:amount)").param("amount", Money.of("9.99").amount()).update();

		assertThat(replica.sql("select pg_is_in_recovery()").query(Boolean.class).single()).isTrue();
		assertThat(primary.sql("select pg_is_in_recovery()").query(Boolean.class).single()).isFalse();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(replica.sql("select count(*) from " + table).query(Long.class).single())
				.isEqualTo(1L));
	}

	/**
	 * The replication role must give its password (scram-sha-256): trusted replication would hand a copy of every
	 * database to anyone who can reach the port. Physical replication connections, as pg_basebackup and the replica
	 * open them.
	 */
	@Test
	void replicationNeedsThePassword() {
		assertThatThrownBy(() -> replicationConnection(null)).isInstanceOf(SQLException.class)
			.hasMessageContaining("no password was provided");
		assertThatThrownBy(() -> replicationConnection("not-the-password")).isInstanceOf(SQLException.class)
			.hasFieldOrPropertyWithValue("SQLState", "28P01");
	}

	private static void replicationConnection(String password) throws SQLException {
		Properties properties = new Properties();
		PGProperty.USER.set(properties, "replicator");
		if (password != null) {
			PGProperty.PASSWORD.set(properties, password);
		}
		PGProperty.REPLICATION.set(properties, "true");
		PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "9.4");
		PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
		DriverManager.getConnection(infrastructure.jdbcUrl("postgres"), properties).close();
	}

	private static List<String> bodies(String queue) {
		return messaging.peek(queue).stream().map(Message::body).toList();
	}

	private static JdbcClient jdbc(String url) {
		return JdbcClient.create(new DriverManagerDataSource(url, infrastructure.postgresUser(),
				infrastructure.postgresPassword()));
	}

	/**
	 * A consumer that dies holding two messages of one FIFO group gets them back, after the visibility timeout, in
	 * their order: stock moto 5.2.1 handed out the second before the first (infra/local/moto_fast.py, patch 11).
	 */
	@Test
	void redeliversAFifoGroupInItsOrderAfterTheVisibilityTimeout() {
		withFifoQueue("redelivery-", (sqs, queue) -> {
			for (String body : List.of("first", "second", "third")) {
				sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body).messageGroupId("customer"));
			}
			List<Message> heldByTheDeadConsumer = sqs
				.receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(2).visibilityTimeout(1))
				.messages();
			assertThat(heldByTheDeadConsumer).extracting(Message::body).containsExactly("first", "second");

			List<Message> redelivered = await().atMost(Duration.ofSeconds(10))
				.until(() -> sqs.receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(10)
					.visibilityTimeout(30)).messages(), messages -> !messages.isEmpty());

			assertThat(redelivered).extracting(Message::body).startsWith("first");
		});
	}

	/**
	 * A consumer that is already long-polling when a group's visibility timeout runs out gets the group within that
	 * poll, as on SQS. Stock moto checks which groups are in flight once per poll (patch 11 checks on every pass):
	 * a poison message then held its whole group back for the rest of every poll.
	 */
	@Test
	void aLongPollReceivesAGroupWhoseVisibilityTimeoutRunsOutDuringThePoll() {
		withFifoQueue("long-poll-", (sqs, queue) -> {
			sqs.sendMessage(request -> request.queueUrl(queue).messageBody("held").messageGroupId("customer"));
			assertThat(sqs.receiveMessage(request -> request.queueUrl(queue).visibilityTimeout(2)).messages())
				.extracting(Message::body)
				.containsExactly("held");

			List<Message> withinThePoll = sqs
				.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(10).visibilityTimeout(30))
				.messages();

			assertThat(withinThePoll).as("received in the poll that was waiting when the timeout ran out")
				.extracting(Message::body)
				.containsExactly("held");
		});
	}

	/**
	 * A consumer fails a group's first message and sets it visible again after a second, while the group's next
	 * message, received with it, stays in flight a second longer: when that one times out, the group comes back in
	 * its order. Stock moto (and patch 11 before it offered only freed messages) could free the later message in the
	 * middle of its receive loop and hand it out alone, ahead of the failed one: a message overtook a poison.
	 */
	@Test
	void aGroupWhoseMessagesTimeOutOneAfterTheOtherComesBackInItsOrder() {
		withFifoQueue("staggered-", (sqs, queue) -> {
			for (String body : List.of("failed", "behind")) {
				sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body).messageGroupId("customer"));
			}
			// The race is a few milliseconds wide: five rounds catch the unpatched broker nearly every time.
			for (int round = 1; round <= 5; round++) {
				List<Message> group = sqs
					.receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(10)
						.waitTimeSeconds(10).visibilityTimeout(2))
					.messages();

				assertThat(group).as("round %d", round).extracting(Message::body).containsExactly("failed", "behind");
				sqs.changeMessageVisibility(request -> request.queueUrl(queue)
					.receiptHandle(group.get(0).receiptHandle()).visibilityTimeout(1));
			}
		});
	}

	/**
	 * A long poll that waits while its group's earlier message is in flight receives the next one within that poll
	 * once the earlier one is deleted, and the earlier one itself once a consumer hands it back (visibility 0). Patch
	 * 12 of infra/local/moto_fast.py waits for a message it could hand out, woken by the delete or the visibility
	 * change; stock moto waited for any visible message and spun a core meanwhile.
	 */
	@Test
	void aLongPollBehindAGroupInFlightReceivesItWhenTheGroupIsFreed() {
		withFifoQueue("freed-", (sqs, queue) -> {
			for (String body : List.of("first", "second", "third")) {
				sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body).messageGroupId("customer"));
			}
			Message first = sqs.receiveMessage(request -> request.queueUrl(queue).visibilityTimeout(30))
				.messages()
				.get(0);
			CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() -> sqs
				.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(20).visibilityTimeout(30))
				.messages());
			sqs.deleteMessage(request -> request.queueUrl(queue).receiptHandle(first.receiptHandle()));
			List<Message> afterTheDelete = waiting.join();
			assertThat(afterTheDelete).as("received in the poll that waited behind the deleted message")
				.extracting(Message::body)
				.containsExactly("second");

			Message handedBack = afterTheDelete.get(0);
			CompletableFuture<List<Message>> waitingAgain = CompletableFuture.supplyAsync(() -> sqs
				.receiveMessage(request -> request.queueUrl(queue).waitTimeSeconds(20).visibilityTimeout(30))
				.messages());
			sqs.changeMessageVisibility(
					request -> request.queueUrl(queue).receiptHandle(handedBack.receiptHandle()).visibilityTimeout(0));
			assertThat(waitingAgain.join()).as("received in the poll that waited behind the handed-back message")
				.extracting(Message::body)
				.startsWith("second");
		});
	}

	/**
	 * The age of a queue's oldest message (the emulator's stand-in for CloudWatch's metric, patch 8 of
	 * infra/local/moto_fast.py) leaves out a message sent with a delay until it is due, and then counts from then: a
	 * review timer waits by design (payment's ReviewTimers send them up to 900 s ahead), and counting it from its send
	 * fired oldest-message-too-old on fraud-review-timeouts for every pending review.
	 */
	@Test
	void aDelayedMessageAgesOnlyOnceItIsDue() {
		try (var sqs = infrastructure.sqsClient()) {
			String queue = sqs.createQueue(request -> request.queueName("delayed-" + UUID.randomUUID())).queueUrl();
			try {
				sqs.sendMessage(request -> request.queueUrl(queue).messageBody("timer").delaySeconds(4));

				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.until(() -> ageOfOldestMessage(sqs, queue), age -> age == 0);
				int firstAge = await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> ageOfOldestMessage(sqs, queue), age -> age >= 1);

				assertThat(firstAge).as("counted from when it was due, 4 s after its send").isLessThan(4);
			}
			finally {
				sqs.deleteQueue(request -> request.queueUrl(queue));
			}
		}
	}

	private static int ageOfOldestMessage(SqsClient sqs, String queue) {
		return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queue)
			.attributeNamesWithStrings("ApproximateAgeOfOldestMessage")).attributesAsStrings()
			.get("ApproximateAgeOfOldestMessage"));
	}

	/** A throwaway FIFO queue with content-based deduplication for {@code test}, deleted afterwards. */
	private static void withFifoQueue(String namePrefix, BiConsumer<SqsClient, String> test) {
		try (var sqs = infrastructure.sqsClient()) {
			String queue = sqs.createQueue(request -> request.queueName(namePrefix + UUID.randomUUID() + ".fifo")
				.attributes(java.util.Map.of(QueueAttributeName.FIFO_QUEUE, "true",
						QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
			try {
				test.accept(sqs, queue);
			}
			finally {
				sqs.deleteQueue(request -> request.queueUrl(queue));
			}
		}
	}
}
