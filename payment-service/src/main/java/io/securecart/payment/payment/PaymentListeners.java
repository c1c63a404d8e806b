package io.securecart.payment.payment;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentRejected;
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

	/** Checkout's facts: orders to charge, and payments it rejected (to give back). Anything else is a mistake. */
	@SqsListener(value = MessagingNames.ORDERS_QUEUE, id = ORDERS)
	void on(OrderEvent event) {
		switch (event) {
			case OrderPlaced order -> payments.authorize(order);
			case PaymentRejected rejected -> payments.refund(rejected);
			default -> throw new IllegalArgumentException(
					"%s does not belong on %s".formatted(event.eventType(), MessagingNames.ORDERS_QUEUE));
		}
	}

	@SqsListener(value = MessagingNames.PAYMENT_QUEUE, id = COMPENSATIONS)
	void on(StockRejected rejection) {
		payments.refund(rejection);
	}
}
