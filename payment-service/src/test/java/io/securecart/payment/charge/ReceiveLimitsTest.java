package io.securecart.payment.charge;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.securecart.platform.messaging.MessagingDestinations;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/** The last receive is told by the queue's redrive policy as the broker has it, never by a copied number. */
class ReceiveLimitsTest {

	private static final String QUEUE = "orders.fifo";

	private final SqsAsyncClient sqs = mock();

	private final MessagingDestinations destinations = mock();

	private final ReceiveLimits limits = new ReceiveLimits(sqs, destinations);

	@Test
	void theReceiveThatReachesTheQueuesMaxReceiveCountIsTheLast() {
		redrivePolicy("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq.fifo\","
				+ "\"maxReceiveCount\":3}");

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 2))).isFalse();
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 3))).isTrue();
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 4))).as("approximate: counted past it").isTrue();
	}

	@Test
	void readsAMaxReceiveCountWrittenAsAString() {
		redrivePolicy("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq.fifo\","
				+ "\"maxReceiveCount\":\"5\"}");

		assertThat(limits.maxReceiveCount(QUEUE)).hasValue(5);
	}

	@Test
	void aQueueWithoutADeadLetterQueueHasNoLastReceive() {
		given(sqs.getQueueAttributes(any(Consumer.class)))
			.willReturn(CompletableFuture.completedFuture(GetQueueAttributesResponse.builder().build()));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 50))).isFalse();
	}

	@Test
	void aBrokerThatDoesNotAnswerLeavesTheMessageToFailAsItAlwaysDid() {
		given(sqs.getQueueAttributes(any(Consumer.class)))
			.willReturn(CompletableFuture.failedFuture(new IllegalStateException("unreachable")));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 5))).isFalse();
	}

	@Test
	void aCallThatIsNoDeliveryIsNeverTheLastReceiveAndAsksNothing() {
		assertThat(limits.isLastReceive(Delivery.none(QUEUE))).isFalse();
		assertThat(limits.isLastReceive(Delivery.of(QUEUE, null))).isFalse();
		assertThat(limits.isLastReceive(Delivery.of(QUEUE, "many"))).isFalse();

		verifyNoInteractions(sqs);
	}

	@SuppressWarnings("unchecked")
	private void redrivePolicy(String policy) {
		given(destinations.queueUrl(QUEUE)).willReturn("http://localhost/000000000000/" + QUEUE);
		given(sqs.getQueueAttributes(any(Consumer.class))).willAnswer(call -> {
			GetQueueAttributesRequest.Builder request = GetQueueAttributesRequest.builder();
			call.<Consumer<GetQueueAttributesRequest.Builder>>getArgument(0).accept(request);
			assertThat(request.build().attributeNames()).containsExactly(QueueAttributeName.REDRIVE_POLICY);
			return CompletableFuture.completedFuture(GetQueueAttributesResponse.builder()
				.attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, policy))
				.build());
		});
	}
}
