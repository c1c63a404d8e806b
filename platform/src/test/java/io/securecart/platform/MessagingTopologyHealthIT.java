package io.securecart.platform;

import java.time.Duration;
import java.util.List;

import io.securecart.contracts.MessagingNames;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue that disappears while the service runs (LocalStack's community edition forgets everything when it
 * restarts) turns its health DOWN, rather than leaving it idle and green; provisioned again, it is UP again. The
 * {@code traffic} group the load balancer reads leaves the topology checks out: it stays UP.
 */
class MessagingTopologyHealthIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Test
	void aDeclaredQueueThatDisappearsTurnsHealthDownUntilItIsProvisionedAgain() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PlatformTestApplication.class)
			.initializers(new SecureCartInfrastructureInitializer())
			.run("--securecart.messaging.topology-check-interval=1s",
					"--securecart.messaging.queues=orders.fifo," + MessagingNames.NOTIFICATION_QUEUE);
				SqsClient sqs = infrastructure.sqsClient();
				TestMessaging messaging = new TestMessaging(infrastructure)) {
			HealthIndicator health = context.getBean("messagingTopologyHealthIndicator", HealthIndicator.class);
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(endpoint.healthForPath("traffic").getStatus()).isEqualTo(Status.UP);
			HealthEndpointGroup traffic = context.getBean(HealthEndpointGroups.class).get("traffic");
			assertThat(traffic.isMember("messagingTopology")).isFalse();
			assertThat(traffic.isMember("eventRules")).isFalse();

			String url = messaging.queueUrl(MessagingNames.NOTIFICATION_QUEUE);
			sqs.deleteQueue(request -> request.queueUrl(url));
			try {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
				assertThat(health.health().getDetails()).containsEntry("missing",
						List.of("SQS queue " + MessagingNames.NOTIFICATION_QUEUE));
				assertThat(endpoint.health().getStatus()).as("/actuator/health: operators see it")
					.isEqualTo(Status.DOWN);
				assertThat(endpoint.healthForPath("traffic").getStatus())
					.as("the load balancer's group: a new task could not repair it, so this one keeps serving")
					.isEqualTo(Status.UP);
			}
			finally {
				infrastructure.provisionTopology();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
		}
	}
}
