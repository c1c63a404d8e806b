package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Fraud screening could neither pass nor fail a high-value order on its rules alone: a person reviews it. Payment
 * keeps holding the order until a {@link FraudScreeningPassed} or {@link FraudScreeningFailed} follows, which a
 * reviewer's decision or the review's timeout always produces.
 *
 * @param reasons the rules that asked for a review, in words a reviewer understands
 * @param decideBy when the review is rejected if nobody has decided it
 */
public record FraudReviewRequired(UUID eventId, UUID orderId, String customerId, List<String> reasons,
		Instant decideBy, Instant occurredAt) implements OrderEvent {

	public FraudReviewRequired {
		reasons = List.copyOf(reasons);
	}
}
