package io.securecart.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.securecart.testsupport.MovableClock;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The topology is checked again at most once per interval, however often health is asked. */
class MessagingTopologyHealthIndicatorTest {

	private final SqsAsyncClient sqs = mock(SqsAsyncClient.class);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final MessagingTopologyHealthIndicator health = new MessagingTopologyHealthIndicator(sqs,
			mock(SnsClient.class), mock(MessagingDestinations.class),
			new MessagingProperties(List.of(), List.of("orders.fifo"), List.of(), List.of(), List.of(),
					Duration.ofSeconds(30)),
			clock);

	@Test
	@SuppressWarnings("unchecked")
	void asksTheBrokerAgainOnlyOnceTheIntervalHasPassed() {
		when(sqs.getQueueUrl(any(Consumer.class)))
			.thenReturn(CompletableFuture.completedFuture(GetQueueUrlResponse.builder().queueUrl("url").build()))
			.thenReturn(CompletableFuture.failedFuture(QueueDoesNotExistException.builder().build()));

		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		clock.advance(Duration.ofSeconds(29));
		assertThat(health.health().getStatus()).as("within the interval: the last answer").isEqualTo(Status.UP);
		verify(sqs, times(1)).getQueueUrl(any(Consumer.class));

		clock.advance(Duration.ofSeconds(1));
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.health().getDetails()).containsEntry("missing", List.of("SQS queue orders.fifo"));
		verify(sqs, times(2)).getQueueUrl(any(Consumer.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aSubscriptionThatDriftedTurnsHealthDownAndIsAskedOnlyOncePerInterval() {
		MessagingDestinations destinations = mock(MessagingDestinations.class);
		MessagingTopologyHealthIndicator subscribed = new MessagingTopologyHealthIndicator(sqs, mock(SnsClient.class),
				destinations, new MessagingProperties(List.of(), List.of("notification-order-events"),
						List.of("notification-order-events"), List.of(), List.of(), Duration.ofSeconds(30)),
				clock);
		when(sqs.getQueueUrl(any(Consumer.class)))
			.thenReturn(CompletableFuture.completedFuture(GetQueueUrlResponse.builder().queueUrl("url").build()));
		when(destinations.driftedSubscriptions(List.of("notification-order-events"), Duration.ofSeconds(5)))
			.thenReturn(List.of("SNS subscription of queue notification-order-events to topic order-events does not "
					+ "exist"));

		assertThat(subscribed.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(subscribed.health().getDetails()).containsEntry("drifted", List.of("SNS subscription of queue "
				+ "notification-order-events to topic order-events does not exist"));
		assertThat(subscribed.health().getDetails().get("action")).asString()
			.as("cdk deploy leaves a change made by hand as it is: the repair on AWS is the CLI's")
			.contains("./securecart up", "aws sns subscribe", "cdk deploy does not undo");
		verify(destinations, times(1)).driftedSubscriptions(any(), any());
	}

	@Test
	@SuppressWarnings("unchecked")
	void subscriptionsThatCouldNotBeCheckedAreUnknownNotDownAndNotAskedAgainWithinTheInterval() {
		MessagingDestinations destinations = mock(MessagingDestinations.class);
		MessagingTopologyHealthIndicator subscribed = new MessagingTopologyHealthIndicator(sqs, mock(SnsClient.class),
				destinations, new MessagingProperties(List.of(), List.of("notification-order-events"),
						List.of("notification-order-events"), List.of(), List.of(), Duration.ofSeconds(30)),
				clock);
		when(sqs.getQueueUrl(any(Consumer.class)))
			.thenReturn(CompletableFuture.completedFuture(GetQueueUrlResponse.builder().queueUrl("url").build()));
		when(destinations.driftedSubscriptions(List.of("notification-order-events"), Duration.ofSeconds(5)))
			.thenThrow(AuthorizationErrorException.builder()
				.message("User is not authorized to perform: SNS:GetSubscriptionAttributes")
				.build());

		Health health = subscribed.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("notChecked", List.of("SNS subscriptions of "
				+ "[notification-order-events] not checked: User is not authorized to perform: "
				+ "SNS:GetSubscriptionAttributes"))
			.doesNotContainKeys("drifted", "missing", "action");
		clock.advance(Duration.ofSeconds(29));
		assertThat(subscribed.health().getStatus()).as("within the interval: the last answer")
			.isEqualTo(Status.UNKNOWN);
		verify(destinations, times(1)).driftedSubscriptions(any(), any());
	}

	@Test
	@SuppressWarnings("unchecked")
	void aSubscribedTopicThatIsGoneIsStillDown() {
		MessagingDestinations destinations = mock(MessagingDestinations.class);
		MessagingTopologyHealthIndicator subscribed = new MessagingTopologyHealthIndicator(sqs, mock(SnsClient.class),
				destinations, new MessagingProperties(List.of(), List.of("notification-order-events"),
						List.of("notification-order-events"), List.of(), List.of(), Duration.ofSeconds(30)),
				clock);
		when(sqs.getQueueUrl(any(Consumer.class)))
			.thenReturn(CompletableFuture.completedFuture(GetQueueUrlResponse.builder().queueUrl("url").build()));
		when(destinations.driftedSubscriptions(List.of("notification-order-events"), Duration.ofSeconds(5)))
			.thenThrow(new MissingTopologyException("SNS topic", "order-events", null));

		Health health = subscribed.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("drifted")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.singleElement()
			.asString()
			.startsWith("SNS topic 'order-events' does not exist.");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aMissingQueueIsNotReportedAgainAsItsSubscription() {
		MessagingDestinations destinations = mock(MessagingDestinations.class);
		MessagingTopologyHealthIndicator subscribed = new MessagingTopologyHealthIndicator(sqs, mock(SnsClient.class),
				destinations, new MessagingProperties(List.of(), List.of("notification-order-events"),
						List.of("notification-order-events"), List.of(), List.of(), Duration.ofSeconds(30)),
				clock);
		when(sqs.getQueueUrl(any(Consumer.class)))
			.thenReturn(CompletableFuture.failedFuture(QueueDoesNotExistException.builder().build()));

		assertThat(subscribed.health().getStatus()).isEqualTo(Status.DOWN);
		verify(destinations).driftedSubscriptions(List.of(), Duration.ofSeconds(5));
	}

	@Test
	@SuppressWarnings("unchecked")
	@Timeout(10) // the old unbounded join() fails here instead of hanging the build
	void aBrokerThatDoesNotAnswerIsDownWithinTheLookupTimeout() {
		MessagingTopologyHealthIndicator bounded = new MessagingTopologyHealthIndicator(sqs, mock(SnsClient.class),
				mock(MessagingDestinations.class), new MessagingProperties(List.of(), List.of("orders.fifo"), List.of(), List.of(),
						List.of(), Duration.ofSeconds(30)), clock, Duration.ofMillis(200));
		when(sqs.getQueueUrl(any(Consumer.class))).thenReturn(new CompletableFuture<>());

		assertThat(bounded.health().getStatus()).isEqualTo(Status.DOWN);
	}
}
