package io.securecart.checkout.payment;

import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentPort;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.outbox.Outbox;

/**
 * The decoupled design: {@code OrderPlaced} goes to {@code orders.fifo} through the outbox, in the transaction that
 * saves the order, so it is sent if and only if the order exists. One message group per customer keeps a customer's
 * orders in order; the order id as deduplication id makes a resend harmless. The customer's answer waits for nothing.
 */
class DecoupledPayment implements PaymentPort {

	private final Outbox outbox;

	DecoupledPayment(Outbox outbox) {
		this.outbox = outbox;
	}

	@Override
	public void orderPlaced(OrderPlaced order) {
		outbox.sendToFifoQueue(MessagingNames.ORDERS_QUEUE, order, order.customerId(), order.orderId().toString());
	}

	/** Nothing to wait for: payment takes the order from the queue whenever it can, even if it is down right now. */
	@Override
	public void beforeAnswering(OrderView order, PaymentToken paymentToken) {
	}
}
