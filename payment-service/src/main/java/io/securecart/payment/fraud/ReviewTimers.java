package io.securecart.payment.fraud;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.platform.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * The review's timer: {@code FraudReviewRequired} sent to {@code fraud-review-timeouts} with an SQS delivery delay,
 * so that it comes back when the review's time is up. SQS delays a message by {@link Outbox#MAX_DELIVERY_DELAY} at
 * most; a longer timeout is a chain, each link sent again for the time that remains.
 * <p>
 * Through the outbox, in the transaction that records the review (or, for the next link, in one of its own): a timer
 * exists if and only if its review committed, and nothing waits on SQS while the transaction, its connection and the
 * customer's screening lock are held (ADR 40). A duplicate timer is harmless: a review is decided once.
 */
@Component
class ReviewTimers {

	private final Outbox outbox;

	ReviewTimers(Outbox outbox) {
		this.outbox = outbox;
	}

	/** Sets the timer to fire at the review's {@code decideBy}, or after 900 s if that is later. */
	void start(FraudReviewRequired review) {
		outbox.sendToQueue(MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE, review, review.decideBy());
	}
}
