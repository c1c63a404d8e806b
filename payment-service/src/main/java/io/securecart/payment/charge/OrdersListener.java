package io.securecart.payment.charge;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Checkout's orders to charge, from its FIFO queue. Anything else is a mistake, but for the payments checkout rejected
 * (to give back) that it sent here before it published them on the topic (ADR 44): those still wait in the queue and
 * its dead-letter queue for up to its retention, and are refunded as {@link CompensationsListener} refunds the rest.
 * A listener that throws leaves its message unacknowledged: it comes back after a backoff and, after the queue's
 * {@code maxReceiveCount}, goes to its dead-letter queue; but an order the gateway's open circuit refused on that last
 * receive is acknowledged, and left to the sweep of its pending attempt (ADR 42), as is such a rejection's refund
 * (ADR 45): the receive count tells.
 */
@Component
class OrdersListener {

	/** The listener (container) id; paused while the gateway's circuit is open. */
	static final String ID = "orders";

	private final Payments payments;

	private final Refunds refunds;

	OrdersListener(Payments payments, Refunds refunds) {
		this.payments = payments;
		this.refunds = refunds;
	}

	@SqsListener(value = MessagingNames.ORDERS_QUEUE, id = ID)
	void on(OrderEvent event, @Header(name = SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT,
			required = false) @Nullable String receiveCount) {
		Delivery delivery = Delivery.of(MessagingNames.ORDERS_QUEUE, receiveCount);
		switch (event) {
			case OrderPlaced order -> payments.authorize(order, delivery);
			case PaymentRejected rejected -> refunds.refund(rejected, delivery);
			default -> throw new UnexpectedEventException(MessagingNames.ORDERS_QUEUE, event);
		}
	}
}
