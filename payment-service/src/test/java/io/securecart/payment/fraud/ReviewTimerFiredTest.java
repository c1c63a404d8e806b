package io.securecart.payment.fraud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** A review's timer that fires before the review's time is up is set again, for the review's own deadline. */
class ReviewTimerFiredTest {

	private static final Instant SCREENED = Instant.parse("2026-11-30T09:00:00Z");

	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final OrderPlaced order = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of(new OrderLine("SC-LAPTOP-005", 3, Money.of("1899.00"))), Money.of("5697.00"), "tok_visa",
			SCREENED);

	private final FraudScreeningRepository repository = mock(FraudScreeningRepository.class);

	private final ReviewTimers timers = mock(ReviewTimers.class);

	private final Instant now = SCREENED.plusSeconds(5);

	private final FraudScreenings screenings = new FraudScreenings(repository,
			new FraudScreeningProperties(TIMEOUT, Duration.ofHours(1), List.of("tok_stolen"), 2), timers,
			mock(Inbox.class), mock(Outbox.class), new TransactionTemplate(mock(PlatformTransactionManager.class)),
			Clock.fixed(now, ZoneOffset.UTC));

	@Test
	void aTimerCarryingAnEarlierDeadlineThanTheReviewsIsSetForTheReviews() {
		FraudScreening underReview = FraudScreening.of(order,
				new FraudRules.Assessment(FraudRules.Outcome.REVIEW, 60, List.of("large order")), SCREENED, TIMEOUT);
		given(repository.findById(order.orderId())).willReturn(Optional.of(underReview));
		// Sent for an attempt whose transaction did not commit: its deadline is not the one the review kept.
		FraudReviewRequired stale = new FraudReviewRequired(UUID.randomUUID(), order.orderId(), "alice",
				List.of("large order"), SCREENED.plusSeconds(1), SCREENED);

		screenings.reviewTimerFired(stale);

		ArgumentCaptor<FraudReviewRequired> setAgain = ArgumentCaptor.forClass(FraudReviewRequired.class);
		verify(timers).start(setAgain.capture());
		assertThat(setAgain.getValue().decideBy()).isEqualTo(SCREENED.plus(TIMEOUT))
			.isEqualTo(underReview.getDecideBy())
			.as("not at once")
			.isAfter(now);
		assertThat(setAgain.getValue().orderId()).isEqualTo(order.orderId());
	}
}
