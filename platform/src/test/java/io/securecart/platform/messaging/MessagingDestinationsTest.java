package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
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

/** Topic ARNs through Spring Cloud AWS's listing resolver: every page is read, nothing is created, one lookup. */
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

}
