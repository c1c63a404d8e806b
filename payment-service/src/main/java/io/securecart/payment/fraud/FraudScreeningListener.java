package io.securecart.payment.fraud;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderPlaced;

import org.springframework.stereotype.Component;

/**
 * High-value orders, as the EventBridge rule delivers them (the EventBridge envelope, decoded by the platform). A
 * listener that throws leaves its message for a retry and, in the end, the queue's DLQ. A few at a time
 * ({@link ScreeningGateConfiguration}).
 */
@Component
class FraudScreeningListener {

	static final String ID = "fraud-screening";

	private final FraudScreenings screenings;

	FraudScreeningListener(FraudScreenings screenings) {
		this.screenings = screenings;
	}

	@SqsListener(value = MessagingNames.FRAUD_SCREENING_QUEUE, id = ID)
	void on(OrderPlaced order) {
		screenings.screen(order);
	}
}
