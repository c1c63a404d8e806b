package io.securecart.platform.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.platform.messaging.MessagingProperties;
import io.securecart.platform.messaging.MissingTopologyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.paginators.ListSubscriptionsIterable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What the DLQ API does where the broker's answers are not the happy path's, with the broker played by mocks: a
 * service that sends to a queue whose consumer owns its dead-letter queue, as checkout does to {@code orders.fifo}
 * (on AWS its role does not reach that DLQ), and a search for one message in a queue too big to hold while searching.
 */
class DeadLetterQueuesTest {

	private final SqsAsyncClient sqs = mock();

	private final SnsClient sns = mock();

	private final MessagingDestinations destinations = mock();

	private final DeadLetterQueues deadLetterQueues = new DeadLetterQueues(sqs, sns, destinations,
			new MessagingProperties(List.of(), List.of("orders.fifo", "checkout-order-events"),
					List.of("checkout-order-events"), List.of(), List.of(), Duration.ofSeconds(30)),
			DeadLetterQueues.RedriveMethod.AUTO, Duration.ofSeconds(5));

	@BeforeEach
	void aBrokerWithTwoQueuesAndTheirDeadLetterQueues() {
		given(destinations.queueUrl(any())).willAnswer(queue -> "url/" + queue.getArgument(0));
		ListSubscriptionsIterable subscriptions = mock();
		given(subscriptions.subscriptions()).willReturn(List.<Subscription>of()::iterator);
		given(sns.listSubscriptionsPaginator()).willReturn(subscriptions);
		given(sqs.getQueueAttributes(any(Consumer.class))).willAnswer(invocation -> {
			GetQueueAttributesRequest.Builder request = GetQueueAttributesRequest.builder();
			invocation.<Consumer<GetQueueAttributesRequest.Builder>>getArgument(0).accept(request);
			return CompletableFuture.completedFuture(attributes(request.build()));
		});
	}

	@Test
	void aDeadLetterQueueTheBrokerRefusesToThisServiceIsLeftOutNotTheWholeList() {
		given(destinations.queueUrl("orders-dlq.fifo")).willThrow(new MissingTopologyException("SQS queue",
				"orders-dlq.fifo", SqsException.builder()
					.statusCode(403)
					.awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
					.build()));

		assertThat(deadLetterQueues.summaries()).singleElement()
			.satisfies(summary -> {
				assertThat(summary.deadLetterQueue()).isEqualTo("checkout-order-events-dlq");
				assertThat(summary.messages()).isEqualTo(2);
			});
	}

	@Test
	void aBrokerThatThrottlesFailsTheListForNowRatherThanLeaveTheQueueOut() {
		given(destinations.queueUrl("orders-dlq.fifo")).willThrow(new MissingTopologyException("SQS queue",
				"orders-dlq.fifo", SqsException.builder()
					.statusCode(400)
					.awsErrorDetails(AwsErrorDetails.builder().errorCode("RequestThrottled").build())
					.build()));

		assertThatExceptionOfType(BrokerUnavailableException.class).isThrownBy(deadLetterQueues::summaries)
			.withRootCauseInstanceOf(SqsException.class);
	}

	@Test
	void aBrokerThatCannotBeReachedFailsTheListForNow() {
		given(destinations.queueUrl("orders-dlq.fifo")).willThrow(new MissingTopologyException("SQS queue",
				"orders-dlq.fifo", SdkClientException.create("Unable to execute HTTP request",
						new java.net.ConnectException("Connection refused"))));

		assertThatExceptionOfType(BrokerUnavailableException.class).isThrownBy(deadLetterQueues::summaries);
	}

	@Test
	void credentialsThatCannotBeLoadedAreNoPassingFault() {
		given(destinations.queueUrl("orders-dlq.fifo")).willThrow(new MissingTopologyException("SQS queue",
				"orders-dlq.fifo", SdkClientException.create("Unable to load credentials from any of the providers")));

		assertThatExceptionOfType(MissingTopologyException.class).isThrownBy(deadLetterQueues::summaries);
	}

	@Test
	void kmsThrottlingAnEncryptedQueueIsAPassingFault() {
		assertThat(DeadLetterQueues.passing(SqsException.builder()
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode("KMS.ThrottlingException").build())
			.build())).isTrue();
	}

	@Test
	void aBrokerThatDoesNotAnswerInTimeFailsTheReadForNow() {
		given(sqs.receiveMessage(any(Consumer.class))).willReturn(new CompletableFuture<>());
		DeadLetterQueues impatient = new DeadLetterQueues(sqs, sns, destinations,
				new MessagingProperties(List.of(), List.of("checkout-order-events"), List.of("checkout-order-events"),
						List.of(), List.of(), Duration.ofSeconds(30)),
				DeadLetterQueues.RedriveMethod.AUTO, Duration.ofMillis(50));

		assertThatExceptionOfType(BrokerUnavailableException.class)
			.isThrownBy(() -> impatient.messages("checkout-order-events", 10))
			.withRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
	}

	@Test
	void aBrokerFailingOnItsSideFailsTheRedriveForNow() {
		given(sqs.receiveMessage(any(Consumer.class))).willReturn(CompletableFuture.failedFuture(SqsException.builder()
			.statusCode(500)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").build())
			.build()));

		assertThatExceptionOfType(BrokerUnavailableException.class)
			.isThrownBy(() -> deadLetterQueues.redriveOne("checkout-order-events", "m-1"));
	}

	@Test
	void aRefusalThatWillBeTheSameNextTimeIsNotCalledPassing() {
		given(sqs.receiveMessage(any(Consumer.class))).willReturn(CompletableFuture.failedFuture(SqsException.builder()
			.statusCode(403)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredToken").build())
			.build()));

		assertThatExceptionOfType(SqsException.class)
			.isThrownBy(() -> deadLetterQueues.messages("checkout-order-events", 10));
	}

	@Test
	void aSearchForOneMessageThatGoesRoundTheQueueEndsNotFound() {
		// A queue too big to hold: what the search passed over is visible again and comes back.
		Message passedOver = Message.builder()
			.messageId("another-message")
			.receiptHandle("handle")
			.body("{}")
			.attributes(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, "alice"))
			.build();
		ReceiveMessageResponse receivedAgain = ReceiveMessageResponse.builder().messages(passedOver).build();
		given(sqs.receiveMessage(any(Consumer.class))).willReturn(CompletableFuture.completedFuture(receivedAgain));
		given(sqs.changeMessageVisibility(any(Consumer.class)))
			.willReturn(CompletableFuture.completedFuture(ChangeMessageVisibilityResponse.builder().build()));

		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatExceptionOfType(
				DeadLetterMessageNotFoundException.class)
			.isThrownBy(() -> deadLetterQueues.redriveOne("checkout-order-events", "the-message-asked-for")));
	}

	private static GetQueueAttributesResponse attributes(GetQueueAttributesRequest request) {
		String queue = request.queueUrl().substring("url/".length());
		QueueAttributeName asked = request.attributeNames().get(0);
		String value = switch (asked) {
			case QUEUE_ARN -> "arn:aws:sqs:us-east-1:000000000000:" + queue;
			case REDRIVE_POLICY -> queue.contains("dlq") ? null : """
					{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:%s","maxReceiveCount":5}"""
				.formatted(queue.endsWith(".fifo") ? "orders-dlq.fifo" : queue + "-dlq");
			case APPROXIMATE_NUMBER_OF_MESSAGES -> "2";
			default -> throw new IllegalArgumentException("not asked here: " + asked);
		};
		return GetQueueAttributesResponse.builder()
			.attributes(value == null ? Map.of() : Map.of(asked, value))
			.build();
	}
}
