package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetSubscriptionAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Topic ARNs through Spring Cloud AWS's listing resolver: every page is read, nothing is created, one lookup. A
 * listened-on queue's subscription is held to its declared filter policy, in any order, on any page.
 */
class MessagingDestinationsTest {

	private static final String ARN = "arn:aws:sns:us-east-1:123456789012:";

	private final SnsClient sns = mock(SnsClient.class);

	private final MessagingDestinations destinations = new MessagingDestinations(mock(SqsAsyncClient.class), sns,
			new MessagingProperties(List.of(), List.of(), List.of(), List.of(), List.of(), Duration.ofSeconds(30)));

	MessagingDestinationsTest() {
		when(sns.listTopics()).thenReturn(ListTopicsResponse.builder()
			.topics(Topic.builder().topicArn(ARN + "stock-level-events").build())
			.nextToken("page-2")
			.build());
		when(sns.listTopics(any(ListTopicsRequest.class))).thenReturn(ListTopicsResponse.builder()
			.topics(Topic.builder().topicArn(ARN + "order-events").build())
			.build());
	}

	@Test
	void findsATopicOnALaterPageAndAsksOnce() {
		assertThat(destinations.topicArn("order-events")).isEqualTo(ARN + "order-events");
		assertThat(destinations.topicArn("order-events")).isEqualTo(ARN + "order-events");

		verify(sns, times(1)).listTopics();
		verify(sns, never()).createTopic(any(software.amazon.awssdk.services.sns.model.CreateTopicRequest.class));
	}

	@Test
	void aMissingTopicStopsStartupAndIsNeverCreated() {
		assertThatExceptionOfType(MissingTopologyException.class).isThrownBy(() -> destinations.topicArn("events"))
			.withMessageStartingWith("SNS topic 'events' does not exist");

		verify(sns, never()).createTopic(any(software.amazon.awssdk.services.sns.model.CreateTopicRequest.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aSubscriptionOnALaterPageWhoseFilterListsTheDeclaredTypesInAnotherOrderHasNotDrifted() {
		String queueArn = "arn:aws:sqs:us-east-1:123456789012:notification-order-events";
		when(sns.listSubscriptionsByTopic(any(Consumer.class)))
			.thenReturn(ListSubscriptionsByTopicResponse.builder().nextToken("page-2").build())
			.thenReturn(ListSubscriptionsByTopicResponse.builder()
				.subscriptions(Subscription.builder().protocol("sqs").endpoint(queueArn).subscriptionArn(ARN + "s-1")
					.build())
				.build());
		when(sns.getSubscriptionAttributes(any(Consumer.class))).thenReturn(GetSubscriptionAttributesResponse.builder()
			.attributes(Map.of("FilterPolicy", """
					{"eventType": ["FulfillmentFailed", "FraudScreeningFailed", "PaymentRefunded", "PaymentDeclined",
					 "OrderShipped"]}""", "RawMessageDelivery", "true"))
			.build());

		assertThat(destinations.driftedSubscriptions(List.of("notification-order-events"), Duration.ofSeconds(1)))
			.isEmpty();
		verify(sns, times(2)).listSubscriptionsByTopic(any(Consumer.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aFilterThatLostAnEventTypeOrRawDeliveryHasDrifted() {
		String queueArn = "arn:aws:sqs:us-east-1:123456789012:notification-order-events";
		when(sns.listSubscriptionsByTopic(any(Consumer.class))).thenReturn(ListSubscriptionsByTopicResponse.builder()
			.subscriptions(
					Subscription.builder().protocol("sqs").endpoint(queueArn).subscriptionArn(ARN + "s-1").build())
			.build());
		when(sns.getSubscriptionAttributes(any(Consumer.class))).thenReturn(GetSubscriptionAttributesResponse.builder()
			.attributes(Map.of("FilterPolicy", """
					{"eventType": ["PaymentDeclined", "PaymentRefunded", "FraudScreeningFailed",
					 "FulfillmentFailed"]}""",
					"RawMessageDelivery", "false"))
			.build());

		assertThat(destinations.driftedSubscriptions(List.of("notification-order-events"), Duration.ofSeconds(1)))
			.hasSize(2)
			.anySatisfy(problem -> assertThat(problem).contains("filters").contains("OrderShipped"))
			.anySatisfy(problem -> assertThat(problem).contains("RawMessageDelivery false"));
	}

	/** Its ARN was resolved before it went, as a running service's is: SNS's NotFound is the only sign. */
	@Test
	@SuppressWarnings("unchecked")
	void aSubscribedTopicDeletedAfterItsArnWasResolvedIsMissing() {
		when(sns.listSubscriptionsByTopic(any(Consumer.class)))
			.thenThrow(NotFoundException.builder().message("Topic does not exist").build());

		assertThatExceptionOfType(MissingTopologyException.class)
			.isThrownBy(() -> destinations.driftedSubscriptions(List.of("notification-order-events"),
					Duration.ofSeconds(1)))
			.withMessageStartingWith("SNS topic 'order-events' does not exist");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aSubscriptionDeletedBetweenItsListingAndItsAttributesHasDrifted() {
		String queueArn = "arn:aws:sqs:us-east-1:123456789012:notification-order-events";
		when(sns.listSubscriptionsByTopic(any(Consumer.class))).thenReturn(ListSubscriptionsByTopicResponse.builder()
			.subscriptions(
					Subscription.builder().protocol("sqs").endpoint(queueArn).subscriptionArn(ARN + "s-1").build())
			.build());
		when(sns.getSubscriptionAttributes(any(Consumer.class)))
			.thenThrow(NotFoundException.builder().message("Subscription does not exist").build());

		assertThat(destinations.driftedSubscriptions(List.of("notification-order-events"), Duration.ofSeconds(1)))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("was deleted");
	}
}
