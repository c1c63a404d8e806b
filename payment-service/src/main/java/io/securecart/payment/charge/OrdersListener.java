package io.securecart.payment.charge;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.springframework.stereotype.Component;

/**
 * Checkout's facts from its FIFO queue: orders to charge, and payments it rejected (to give back). Anything else is a
 * mistake. A listener that throws leaves its message unacknowledged: it comes back after a backoff and, after the
 * queue's {@code maxReceiveCount}, goes to its dead-letter queue.
 */
@Component
class OrdersListener {

	/** The listener (container) id; paused while the gateway's circuit is open. */
	static final String ID = "orders";

	private final Payments payments;

	OrdersListener(Payments payments) {
		this.payments = payments;
	}

	@SqsListener(value = MessagingNames.ORDERS_QUEUE, id = ID)
	void on(OrderEvent event) {
		switch (event) {
			case OrderPlaced order -> payments.authorize(order);
			case PaymentRejected rejected -> payments.refund(rejected);
			default -> throw new UnexpectedEventException(MessagingNames.ORDERS_QUEUE, event);
		}
	}
}
