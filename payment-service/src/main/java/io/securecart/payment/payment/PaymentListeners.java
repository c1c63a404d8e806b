package io.securecart.payment.payment;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.StockRejected;

import org.springframework.stereotype.Component;

/**
 * The service's two queues. A listener that throws leaves its message unacknowledged: it comes back after a backoff
 * and, after the queue's {@code maxReceiveCount}, goes to its dead-letter queue.
 */
@Component
class PaymentListeners {

	/** Listener (container) ids, to pause them while the gateway's circuit is open. */
	static final String ORDERS = "orders";

	static final String COMPENSATIONS = "compensations";

	static final List<String> NEED_THE_GATEWAY = List.of(ORDERS, COMPENSATIONS);

	private final PaymentService payments;

	PaymentListeners(PaymentService payments) {
		this.payments = payments;
	}

	@SqsListener(value = MessagingNames.ORDERS_QUEUE, id = ORDERS)
	void on(OrderPlaced order) {
		payments.authorize(order);
	}

	/** Compensations: the subscription's filter policy lets only these events through. */
	@SqsListener(value = MessagingNames.PAYMENT_QUEUE, id = COMPENSATIONS)
	void on(OrderEvent compensation) {
		switch (compensation) {
			case StockRejected rejection -> payments.refund(rejection);
			case FulfillmentFailed failure -> payments.refund(failure);
			default -> throw new IllegalArgumentException(
					"payment-order-events carries no " + compensation.eventType() + " (filter policy)");
		}
	}
}
