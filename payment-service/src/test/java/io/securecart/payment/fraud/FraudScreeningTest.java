package io.securecart.payment.fraud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderPlaced;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A screening's verdicts and the review's one decision. */
class FraudScreeningTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final Duration TIMEOUT = Duration.ofMinutes(30);

	private final OrderPlaced order = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of(new OrderLine("SC-LAPTOP-005", 3, Money.of("1899.00"))), Money.of("5697.00"), "tok_visa", NOW);

	@Test
	void thePassingRulesVerdictCarriesTheReasons() {
		FraudScreening screening = screened(FraudRules.Outcome.PASS);

		assertThat(screening.verdict(UUID.randomUUID())).isInstanceOfSatisfying(FraudScreeningPassed.class, passed -> {
			assertThat(passed.orderId()).isEqualTo(order.orderId());
			assertThat(passed.decidedBy()).isEqualTo("rules");
			assertThat(passed.reasons()).containsExactly("no rule raised a concern", "score 0");
		});
		assertThat(screening.approve("reviewer:carol", NOW)).as("nothing to review").isEmpty();
	}

	@Test
	void aReviewIsDueByTheTimeoutAndDecidedOnce() {
		FraudScreening screening = screened(FraudRules.Outcome.REVIEW);

		assertThat(screening.verdict(UUID.randomUUID())).isInstanceOfSatisfying(FraudReviewRequired.class,
				review -> assertThat(review.decideBy()).isEqualTo(NOW.plus(TIMEOUT)));
		assertThat(screening.approve("reviewer:carol", NOW.plusSeconds(60))).hasValueSatisfying(
				passed -> assertThat(passed.decidedBy()).isEqualTo("reviewer:carol"));
		assertThat(screening.getStatus()).isEqualTo(ScreeningStatus.APPROVED);
		assertThat(screening.reject("reviewer:dave", NOW.plusSeconds(61))).isEmpty();
		assertThat(screening.timeOut(NOW.plus(TIMEOUT))).isEmpty();
		assertThat(screening.getStatus()).isEqualTo(ScreeningStatus.APPROVED);
	}

	@Test
	void aReviewTimesOutOnlyOnceItsTimeIsUp() {
		FraudScreening screening = screened(FraudRules.Outcome.REVIEW);

		assertThat(screening.timeOut(NOW.plus(TIMEOUT).minusMillis(1))).isEmpty();
		assertThat(screening.isUnderReview()).isTrue();
		assertThat(screening.timeOut(NOW.plus(TIMEOUT))).hasValueSatisfying(failed -> {
			assertThat(failed).isInstanceOf(FraudScreeningFailed.class);
			assertThat(failed.decidedBy()).isEqualTo("review-timeout");
		});
		assertThat(screening.getStatus()).isEqualTo(ScreeningStatus.TIMED_OUT);
	}

	@Test
	void aRejectionFailsTheOrder() {
		FraudScreening screening = screened(FraudRules.Outcome.REVIEW);

		assertThat(screening.reject("reviewer:dave", NOW)).hasValueSatisfying(
				failed -> assertThat(failed.reasons()).containsExactly("rejected by reviewer:dave"));
		assertThat(screening.getStatus()).isEqualTo(ScreeningStatus.REJECTED);
	}

	private FraudScreening screened(FraudRules.Outcome outcome) {
		return FraudScreening.of(order,
				new FraudRules.Assessment(outcome, 0, List.of("no rule raised a concern", "score 0")), NOW, TIMEOUT);
	}
}
