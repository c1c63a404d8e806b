package io.securecart.payment.fraud;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.OrderPlaced;

import org.springframework.stereotype.Component;

/**
 * High-value orders, as the EventBridge rule delivers them (the EventBridge envelope, decoded by the platform), and the
 * reviews' timers. A listener that throws leaves its message for a retry and, in the end, the queue's DLQ.
 */
@Component
class FraudScreeningListeners {

	private final FraudScreeningService screening;

	FraudScreeningListeners(FraudScreeningService screening) {
		this.screening = screening;
	}

	@SqsListener(value = MessagingNames.FRAUD_SCREENING_QUEUE, id = "fraud-screening")
	void on(OrderPlaced order) {
		screening.screen(order);
	}

	@SqsListener(value = MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE, id = "fraud-review-timeouts")
	void on(FraudReviewRequired timer) {
		screening.reviewTimerFired(timer);
	}
}
