package io.securecart.payment.fraud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.platform.messaging.MessagingDestinations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ReviewTimersTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private final SqsAsyncClient sqs = mock(SqsAsyncClient.class);

	private final MessagingDestinations destinations = mock(MessagingDestinations.class);

	private final ReviewTimers timers = new ReviewTimers(sqs, destinations,
			new OrderEventCodec(JsonMapper.builder().findAndAddModules().build()), Duration.ofMillis(300));

	private final FraudReviewRequired review = new FraudReviewRequired(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of("new card"), NOW.plusSeconds(60), NOW);

	@Test
	@Timeout(10) // an unbounded wait (the old .join()) fails here instead of hanging the build
	@SuppressWarnings("unchecked")
	void aBrokerThatHangsFailsTheTimerInsteadOfHoldingTheListenerThread() {
		when(destinations.queueUrl(MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE)).thenReturn("http://sqs/timeouts");
		CompletableFuture<SendMessageResponse> hanging = new CompletableFuture<>();
		when(sqs.sendMessage(any(Consumer.class))).thenReturn(hanging);

		long started = System.nanoTime();
		assertThatIllegalStateException().isThrownBy(() -> timers.start(review, NOW))
			.withMessageContaining("did not answer");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(hanging).isCancelled();
	}

}
