package io.securecart.platform;

import io.securecart.contracts.MessagingNames;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service whose queue or topic is missing, or whose listened-on queue's subscription is gone or filters other
 * events than declared, refuses to start, and says what to do; it never runs consuming nothing.
 */
class MissingTopologyIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Test
	void refusesToStartWhenADeclaredQueueIsMissing() {
		assertThatThrownBy(() -> start("--securecart.messaging.queues=orders.fifo,no-such-queue",
				"--securecart.messaging.listens-on=orders.fifo"))
			.hasStackTraceContaining("SQS queue 'no-such-queue' does not exist")
			.hasStackTraceContaining("infra/topology.json");
	}

	@Test
	void refusesToStartWhenADeclaredTopicIsMissing() {
		assertThatThrownBy(() -> start("--securecart.messaging.topics=no-such-topic"))
			.hasStackTraceContaining("SNS topic 'no-such-topic' does not exist");
	}

	@Test
	void refusesToStartWhenADeclaredEventBusIsMissing() {
		assertThatThrownBy(() -> start("--securecart.messaging.event-buses=no-such-bus"))
			.hasStackTraceContaining("EventBridge bus 'no-such-bus' does not exist")
			.hasStackTraceContaining("infra/topology.json");
	}

	@Test
	void refusesToStartWhenADeclaredEventRuleIsMissing() {
		assertThatThrownBy(() -> start("--securecart.messaging.event-rules=securecart/no-such-rule"))
			.hasStackTraceContaining("EventBridge rule 'securecart/no-such-rule' does not exist");
	}

	@Test
	void refusesToStartWhenTheLargePayloadsBucketIsMissing() {
		assertThatThrownBy(() -> start("--securecart.messaging.claim-check.bucket=no-such-bucket"))
			.hasStackTraceContaining("S3 bucket 'no-such-bucket' does not exist")
			.hasStackTraceContaining("infra/topology.json");
	}

	@Test
	void refusesToStartWhenAListenersQueueIsMissingInsteadOfCreatingIt() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		try (SqsClient sqs = infrastructure.sqsClient(); TestMessaging messaging = new TestMessaging(infrastructure)) {
			String url = messaging.queueUrl(MessagingNames.NOTIFICATION_QUEUE);
			sqs.deleteQueue(request -> request.queueUrl(url));
			try {
				// Not declared in securecart.messaging, so only the listener container can notice.
				assertThatThrownBy(() -> start("--securecart.messaging.queues=orders.fifo",
						"--securecart.messaging.listens-on=orders.fifo"))
					.hasStackTraceContaining(MessagingNames.NOTIFICATION_QUEUE)
					.hasStackTraceContaining("Error resolving attributes for queue " + MessagingNames.NOTIFICATION_QUEUE);
				assertThat(sqs.listQueues(request -> request.queueNamePrefix(MessagingNames.NOTIFICATION_QUEUE))
					.queueUrls()).noneMatch(queueUrl -> queueUrl.endsWith("/" + MessagingNames.NOTIFICATION_QUEUE));
			}
			finally {
				infrastructure.provisionTopology();
			}
		}
	}

	@Test
	void refusesToStartWhenTheSubscriptionOfAQueueItListensOnIsGone() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		try (SnsClient sns = infrastructure.snsClient()) {
			sns.unsubscribe(request -> request.subscriptionArn(notificationSubscription(sns)));
			try {
				assertThatThrownBy(() -> start()).hasStackTraceContaining("SNS subscription of queue "
						+ MessagingNames.NOTIFICATION_QUEUE + " to topic order-events does not exist")
					.hasStackTraceContaining("infra/topology.json");
			}
			finally {
				infrastructure.provisionTopology();
			}
		}
	}

	@Test
	void refusesToStartWhenTheFilterPolicyOfItsSubscriptionLostAnEventType() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		try (SnsClient sns = infrastructure.snsClient()) {
			String arn = notificationSubscription(sns);
			sns.setSubscriptionAttributes(request -> request.subscriptionArn(arn)
				.attributeName("FilterPolicy")
				.attributeValue("{\"eventType\": [\"PaymentDeclined\", \"PaymentRefunded\", \"FraudScreeningFailed\", "
						+ "\"FulfillmentFailed\"]}"));
			try {
				assertThatThrownBy(() -> start()).hasStackTraceContaining("SNS subscription of queue "
						+ MessagingNames.NOTIFICATION_QUEUE + " to topic order-events filters")
					.hasStackTraceContaining("OrderShipped");
			}
			finally {
				infrastructure.provisionTopology();
			}
		}
	}

	@Test
	void startsWhenTheFilterPolicyListsTheDeclaredEventTypesInAnotherOrder() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		try (SnsClient sns = infrastructure.snsClient()) {
			String arn = notificationSubscription(sns);
			sns.setSubscriptionAttributes(request -> request.subscriptionArn(arn)
				.attributeName("FilterPolicy")
				.attributeValue("{\"eventType\": [\"FulfillmentFailed\", \"FraudScreeningFailed\", "
						+ "\"PaymentRefunded\", \"PaymentDeclined\", \"OrderShipped\"]}"));
			try {
				new SpringApplicationBuilder(PlatformTestApplication.class)
					.initializers(new SecureCartInfrastructureInitializer())
					.run()
					.close();
			}
			finally {
				infrastructure.provisionTopology();
			}
		}
	}

	private static String notificationSubscription(SnsClient sns) {
		String topicArn = sns.listTopics()
			.topics()
			.stream()
			.map(topic -> topic.topicArn())
			.filter(arn -> arn.endsWith(":order-events"))
			.findFirst()
			.orElseThrow();
		return sns.listSubscriptionsByTopicPaginator(request -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.filter(subscription -> subscription.endpoint().endsWith(":" + MessagingNames.NOTIFICATION_QUEUE))
			.findFirst()
			.orElseThrow()
			.subscriptionArn();
	}

	private static void start(String... arguments) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformTestApplication.class)
			.initializers(new SecureCartInfrastructureInitializer())
			.run(arguments)) {
			throw new AssertionError("started although the topology is incomplete");
		}
	}
}
