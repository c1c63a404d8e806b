package io.securecart.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.StockRejected;
import io.securecart.provisioner.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The harness itself: the provisioned topology behaves as declared, and the replica is a real hot standby. */
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

	private static List<String> bodies(String queue) {
		return messaging.peek(queue).stream().map(Message::body).toList();
	}

	private static JdbcClient jdbc(String url) {
		return JdbcClient.create(new DriverManagerDataSource(url, infrastructure.postgresUser(),
				infrastructure.postgresPassword()));
	}
}
