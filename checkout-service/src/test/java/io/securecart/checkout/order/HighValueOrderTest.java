package io.securecart.checkout.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fraud-screening detour of a high-value order, as the order itself guards it. */
class HighValueOrderTest {

	private static final Instant PLACED_AT = Instant.parse("2026-11-21T10:00:00Z");

	private static final List<OrderLine> LAPTOP = List.of(new OrderLine("SC-LAPTOP-007", 1, Money.of("1299.00")));

	private final Order order = Order.place("alice", LAPTOP, PLACED_AT);

	@Test
	void anOrderFromTheThresholdUpStartsInScreeningAndOneBelowItDoesNot() {
		Order justBelow = Order.place("bob", List.of(new OrderLine("SC-X", 1, Money.of("999.99"))), PLACED_AT);
		Order atThreshold = Order.place("bob", List.of(new OrderLine("SC-X", 2, Money.of("500.00"))), PLACED_AT);

		assertThat(justBelow.getStatus()).isEqualTo(OrderStatus.PLACED);
		assertThat(atThreshold.getStatus()).isEqualTo(OrderStatus.SCREENING);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.SCREENING);
	}

	@Test
	void aPassedScreeningClearsTheOrderForPaymentAndShowsTheVerdict() {
		order.fraudScreeningPassed(passed("rules", 1), at(1));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CLEARED);
		assertThat(order.timeline()).last().satisfies(entry -> {
			assertThat(entry.eventType()).isEqualTo("FraudScreeningPassed");
			assertThat(entry.detail()).isEqualTo("cleared");
		});
		order.paymentAuthorized(authorized(2), at(2));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
	}

	@Test
	void aReviewShowsUnderReviewUntilItsVerdict() {
		order.fraudReviewRequired(review(1), at(1));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.UNDER_REVIEW);
		// The reasons are payment's, for its reviewers: the customer's timeline says only that a review holds it.
		assertThat(order.timeline()).last().extracting(TimelineEntry::detail).isEqualTo("held for a review");

		order.fraudScreeningPassed(passed("reviewer:carol", 2), at(2));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CLEARED);
	}

	@Test
	void aFailedVerdictCancelsTheOrderAsSuspectedFraud() {
		order.fraudReviewRequired(review(1), at(1));
		order.fraudScreeningFailed(failed(2), at(2));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.FRAUD_SUSPECTED);
	}

	@Test
	void lateOrRepeatedVerdictsNeverMoveTheOrderBackwards() {
		order.fraudScreeningPassed(passed("reviewer:carol", 2), at(2));
		FraudReviewRequired lateReview = review(1);
		order.fraudReviewRequired(lateReview, at(3));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CLEARED);

		order.paymentAuthorized(authorized(4), at(4));
		order.shipped(new OrderShipped(UUID.randomUUID(), order.getId(), "alice", UUID.randomUUID(), "T-1", LAPTOP,
				at(5)), at(5));
		order.fraudScreeningFailed(failed(6), at(6));
		order.fraudReviewRequired(lateReview, at(7));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.SHIPPED);
		assertThat(order.timeline()).filteredOn(entry -> entry.eventType().equals("FraudReviewRequired")).hasSize(1);
	}

	@Test
	void aPaymentThatOvertakesItsVerdictStillCounts() {
		order.paymentAuthorized(authorized(2), at(3));
		order.fraudScreeningPassed(passed("rules", 1), at(4));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
		assertThat(order.timeline()).extracting(TimelineEntry::eventType)
			.containsExactly("OrderPlaced", "FraudScreeningPassed", "PaymentAuthorized");
	}

	@Test
	void screeningStatusesMoveOnlyForward() {
		assertThat(OrderStatus.SCREENING.allowedNext()).contains(OrderStatus.UNDER_REVIEW, OrderStatus.CLEARED,
				OrderStatus.CANCELLED);
		assertThat(OrderStatus.UNDER_REVIEW.canMoveTo(OrderStatus.SCREENING)).isFalse();
		assertThat(OrderStatus.CLEARED.canMoveTo(OrderStatus.UNDER_REVIEW)).isFalse();
		assertThat(OrderStatus.PAID.isAwaitingPayment()).isFalse();
	}

	private static Instant at(int minutes) {
		return PLACED_AT.plus(Duration.ofMinutes(minutes));
	}

	private FraudReviewRequired review(int minute) {
		return new FraudReviewRequired(UUID.randomUUID(), order.getId(), "alice",
				List.of("first order above 1000.00 USD"), at(minute + 30), at(minute));
	}

	private FraudScreeningPassed passed(String decidedBy, int minute) {
		return new FraudScreeningPassed(UUID.randomUUID(), order.getId(), "alice", decidedBy,
				List.of("no rule raised a concern"), at(minute));
	}

	private FraudScreeningFailed failed(int minute) {
		return new FraudScreeningFailed(UUID.randomUUID(), order.getId(), "alice", "rules",
				List.of("card reported stolen"), at(minute));
	}

	private PaymentAuthorized authorized(int minute) {
		return new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice", UUID.randomUUID(), order.total(),
				LAPTOP, at(minute));
	}
}
