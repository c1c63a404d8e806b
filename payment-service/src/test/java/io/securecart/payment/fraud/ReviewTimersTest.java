package io.securecart.payment.fraud;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.Test;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** A review's timer goes out through the outbox, due at the review's deadline. */
class ReviewTimersTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private final Outbox outbox = mock();

	@Test
	void isSentThroughTheOutboxForTheReviewsDeadline() {
		FraudReviewRequired review = new FraudReviewRequired(UUID.randomUUID(), UUID.randomUUID(), "alice",
				List.of("new card"), NOW.plusSeconds(1800), NOW);

		new ReviewTimers(outbox).start(review);

		verify(outbox).sendToQueue(MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE, review, NOW.plusSeconds(1800));
	}
}
