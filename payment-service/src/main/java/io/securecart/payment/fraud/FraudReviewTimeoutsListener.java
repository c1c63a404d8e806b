package io.securecart.payment.fraud;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;

import org.springframework.stereotype.Component;

/**
 * The reviews' timers: a review nobody decided in time is decided by its rule. A listener that throws leaves its
 * message for a retry and, in the end, the queue's DLQ.
 */
@Component
class FraudReviewTimeoutsListener {

	private final FraudScreenings screenings;

	FraudReviewTimeoutsListener(FraudScreenings screenings) {
		this.screenings = screenings;
	}

	@SqsListener(value = MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE, id = "fraud-review-timeouts")
	void on(FraudReviewRequired timer) {
		screenings.reviewTimerFired(timer);
	}
}
