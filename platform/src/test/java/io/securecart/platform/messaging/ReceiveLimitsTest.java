package io.securecart.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The last receive is told by the queue's redrive policy as the broker has it, never by a copied number; and the
 * broker is asked at most once a minute per queue, since each refusal of the open circuit asks while its listener
 * (and the pause waiting for it) waits.
 */
class ReceiveLimitsTest {

	private static final String QUEUE = "orders.fifo";

	private static final String URL = "http://localhost/000000000000/" + QUEUE;

	private final CountingSqs sqs = new CountingSqs();

	private final MessagingDestinations destinations = mock();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T09:00:00Z"));

	private final ReceiveLimits limits = new ReceiveLimits(sqs, destinations, clock);

	@BeforeEach
	void theQueueHasAUrl() {
		given(destinations.queueUrl(QUEUE)).willReturn(URL);
	}

	@Test
	void theReceiveThatReachesTheQueuesMaxReceiveCountIsTheLast() {
		sqs.answers(redrivePolicy("3"));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 2))).isFalse();
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 3))).isTrue();
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 4))).as("approximate: counted past it").isTrue();
		assertThat(sqs.requests).singleElement().satisfies(request -> {
			assertThat(request.queueUrl()).isEqualTo(URL);
			assertThat(request.attributeNames()).containsExactly(QueueAttributeName.REDRIVE_POLICY);
		});
	}

	@Test
	void readsAMaxReceiveCountWrittenAsAString() {
		sqs.answers(redrivePolicy("\"5\""));

		assertThat(limits.maxReceiveCount(QUEUE)).hasValue(5);
	}

	@Test
	void twoRefusalsWithinAMinuteAskTheBrokerOnce() {
		sqs.answers(redrivePolicy("5"), redrivePolicy("5"));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 1))).isFalse();
		clock.advance(Duration.ofSeconds(59));
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 5))).isTrue();

		assertThat(sqs.requests).hasSize(1);
	}

	@Test
	void aChangeOnTheBrokerIsSeenOnceTheAnswerIsAMinuteOld() {
		// Lab 3 lowers maxReceiveCount to 1 while the service runs.
		sqs.answers(redrivePolicy("5"), redrivePolicy("1"));
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 1))).isFalse();

		clock.advance(ReceiveLimits.KEPT_FOR);

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 1))).isTrue();
		assertThat(sqs.requests).hasSize(2);
	}

	@Test
	void aFailedReadIsNotKeptTheNextRefusalAsksAgain() {
		sqs.answers(CompletableFuture.failedFuture(new IllegalStateException("unreachable")), redrivePolicy("5"));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 5))).as("cannot be told: fails as it always did")
			.isFalse();
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 5))).isTrue();
		assertThat(sqs.requests).hasSize(2);
	}

	@Test
	void aQueueWithoutADeadLetterQueueHasNoLastReceiveAndThatIsKeptToo() {
		sqs.answers(CompletableFuture.completedFuture(GetQueueAttributesResponse.builder().build()));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 50))).isFalse();
		assertThat(limits.isLastReceive(new Delivery(QUEUE, 51))).isFalse();
		assertThat(sqs.requests).hasSize(1);
	}

	@Test
	void eachQueueHasItsOwnAnswer() {
		given(destinations.queueUrl("payment-order-events")).willReturn("http://localhost/000000000000/other");
		sqs.answers(redrivePolicy("5"), redrivePolicy("2"));

		assertThat(limits.isLastReceive(new Delivery(QUEUE, 2))).isFalse();
		assertThat(limits.isLastReceive(new Delivery("payment-order-events", 2))).isTrue();
		assertThat(sqs.requests).hasSize(2);
	}

	@Test
	void aCallThatIsNoDeliveryIsNeverTheLastReceiveAndAsksNothing() {
		assertThat(limits.isLastReceive(Delivery.none(QUEUE))).isFalse();
		assertThat(limits.isLastReceive(Delivery.of(QUEUE, null))).isFalse();
		assertThat(limits.isLastReceive(Delivery.of(QUEUE, "many"))).isFalse();

		assertThat(sqs.requests).isEmpty();
	}

	private static CompletableFuture<GetQueueAttributesResponse> redrivePolicy(String maxReceiveCount) {
		String policy = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq.fifo\","
				+ "\"maxReceiveCount\":" + maxReceiveCount + "}";
		return CompletableFuture.completedFuture(GetQueueAttributesResponse.builder()
			.attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, policy))
			.build());
	}

	/** The broker, as far as reading a queue's attributes goes: answers in turn, and every request it got. */
	private static final class CountingSqs implements SqsAsyncClient {

		private final List<GetQueueAttributesRequest> requests = new ArrayList<>();

		private final Queue<CompletableFuture<GetQueueAttributesResponse>> answers = new ArrayDeque<>();

		@SafeVarargs
		final void answers(CompletableFuture<GetQueueAttributesResponse>... inTurn) {
			answers.addAll(List.of(inTurn));
		}

		@Override
		public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest request) {
			requests.add(request);
			CompletableFuture<GetQueueAttributesResponse> answer = answers.poll();
			return answer != null ? answer
					: CompletableFuture.failedFuture(new AssertionError("asked more often than expected"));
		}

		@Override
		public String serviceName() {
			return "sqs";
		}

		@Override
		public void close() {
		}
	}
}
