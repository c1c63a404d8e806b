package io.securecart.payment.fraud;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The screening of one high-value order (at most one: the order id is the key), with its score, its reasons and,
 * when the rules asked a person, the review's outcome. It guards its own transitions: a review is decided once, by a
 * reviewer or by its timeout, and every decision yields the verdict to announce.
 * <p>
 * Saving it writes every column: what was screened (customer, total, placing time), its score, reasons and screening
 * time stay as they were recorded only because nothing but its constructor sets them.
 */
@Table("fraud_screening")
class FraudScreening {

	static final String DECIDED_BY_RULES = "rules";

	static final String DECIDED_BY_TIMEOUT = "review-timeout";

	private static final String REASON_SEPARATOR = "\n";

	@Id
	private UUID orderId;

	private String customerId;

	private BigDecimal total;

	private String currency;

	private Instant placedAt;

	private int score;

	private String reasons;

	private ScreeningStatus status;

	private Instant decideBy;

	private String decidedBy;

	private Instant decidedAt;

	private Instant screenedAt;

	@Version
	private Long version;

	private FraudScreening() {
		// read from the database
	}

	private FraudScreening(OrderPlaced order, FraudRules.Assessment assessment, Instant now, Duration reviewTimeout) {
		this.orderId = order.orderId();
		this.customerId = order.customerId();
		this.total = order.total().amount();
		this.currency = order.total().currency();
		this.placedAt = order.occurredAt();
		this.score = assessment.score();
		this.reasons = String.join(REASON_SEPARATOR, assessment.reasons());
		this.screenedAt = now;
		switch (assessment.outcome()) {
			case PASS -> decided(ScreeningStatus.PASSED, DECIDED_BY_RULES, now);
			case FAIL -> decided(ScreeningStatus.FAILED, DECIDED_BY_RULES, now);
			case REVIEW -> {
				this.status = ScreeningStatus.UNDER_REVIEW;
				this.decideBy = now.plus(reviewTimeout);
			}
		}
	}

	static FraudScreening of(OrderPlaced order, FraudRules.Assessment assessment, Instant now,
			Duration reviewTimeout) {
		return new FraudScreening(order, assessment, now, reviewTimeout);
	}

	/** What the rules decided, to announce: passed, failed, or a review is required. */
	OrderEvent verdict(UUID eventId) {
		return switch (status) {
			case PASSED -> new FraudScreeningPassed(eventId, orderId, customerId, DECIDED_BY_RULES, reasons(),
					screenedAt);
			case FAILED -> new FraudScreeningFailed(eventId, orderId, customerId, DECIDED_BY_RULES, reasons(),
					screenedAt);
			case UNDER_REVIEW -> new FraudReviewRequired(eventId, orderId, customerId, reasons(), decideBy,
					screenedAt);
			case APPROVED, REJECTED, TIMED_OUT ->
				throw new IllegalStateException("The rules' verdict of " + orderId + " was a review, now " + status);
		};
	}

	/** A reviewer clears the order; empty, changing nothing, if the review was already decided. */
	Optional<FraudScreeningPassed> approve(String reviewer, Instant now) {
		if (status != ScreeningStatus.UNDER_REVIEW) {
			return Optional.empty();
		}
		decided(ScreeningStatus.APPROVED, reviewer, now);
		return Optional.of(new FraudScreeningPassed(UUID.randomUUID(), orderId, customerId, reviewer,
				List.of("approved by " + reviewer), now));
	}

	/** A reviewer rejects the order; empty, changing nothing, if the review was already decided. */
	Optional<FraudScreeningFailed> reject(String reviewer, Instant now) {
		if (status != ScreeningStatus.UNDER_REVIEW) {
			return Optional.empty();
		}
		decided(ScreeningStatus.REJECTED, reviewer, now);
		return Optional.of(new FraudScreeningFailed(UUID.randomUUID(), orderId, customerId, reviewer,
				List.of("rejected by " + reviewer), now));
	}

	/** Nobody decided in time: rejected. Empty before the deadline, or when someone did decide. */
	Optional<FraudScreeningFailed> timeOut(Instant now) {
		if (status != ScreeningStatus.UNDER_REVIEW || now.isBefore(decideBy)) {
			return Optional.empty();
		}
		decided(ScreeningStatus.TIMED_OUT, DECIDED_BY_TIMEOUT, now);
		return Optional.of(new FraudScreeningFailed(UUID.randomUUID(), orderId, customerId, DECIDED_BY_TIMEOUT,
				List.of("nobody reviewed the order by " + decideBy), now));
	}

	private void decided(ScreeningStatus outcome, String by, Instant now) {
		this.status = outcome;
		this.decidedBy = by;
		this.decidedAt = now;
	}

	boolean isUnderReview() {
		return status == ScreeningStatus.UNDER_REVIEW;
	}

	UUID getOrderId() {
		return orderId;
	}

	String getCustomerId() {
		return customerId;
	}

	Money total() {
		return new Money(total, currency);
	}

	Instant getPlacedAt() {
		return placedAt;
	}

	int getScore() {
		return score;
	}

	List<String> reasons() {
		return Arrays.asList(reasons.split(REASON_SEPARATOR));
	}

	ScreeningStatus getStatus() {
		return status;
	}

	Instant getDecideBy() {
		return decideBy;
	}

	String getDecidedBy() {
		return decidedBy;
	}

	Instant getDecidedAt() {
		return decidedAt;
	}
}
