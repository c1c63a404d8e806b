package io.securecart.fulfillment.shipment;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.springframework.stereotype.Component;

/**
 * Orders cancelled after their payment, from a queue of their own: admission gates the receives of
 * {@code fulfillment-order-events} at the workflow's bound ({@link FulfillmentAdmission}), and a cancellation must not
 * wait there behind orders still to start while the order it cancels ships (ADR 44). An event it does not handle fails,
 * and ends in the queue's dead-letter queue rather than being acknowledged and lost.
 */
@Component
class OrderCancellationsListener {

	static final String ID = "order-cancellations";

	private final OrderCancellations cancellations;

	OrderCancellationsListener(OrderCancellations cancellations) {
		this.cancellations = cancellations;
	}

	@SqsListener(value = MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE, id = ID)
	void on(OrderEvent event) {
		switch (event) {
			case PaymentRejected rejection -> cancellations.paymentRejected(rejection);
			default -> throw new UnexpectedEventException(MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE, event);
		}
	}
}
