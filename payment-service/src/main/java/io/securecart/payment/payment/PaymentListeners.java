package io.securecart.payment.payment;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.springframework.stereotype.Component;

/**
 * The payment feature's two queues. A listener that throws leaves its message unacknowledged: it comes back after a backoff
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
	void onCheckoutEvent(OrderEvent event) {
		switch (event) {
			case OrderPlaced order -> payments.authorize(order);
			case PaymentRejected rejected -> payments.refund(rejected);
			default -> throw new UnexpectedEventException(MessagingNames.ORDERS_QUEUE, event);
		}
	}

	/** Compensations (of stock rejections and failed fulfillments), and the fraud verdicts that release (or cancel) the payment of high-value orders. */
	@SqsListener(value = MessagingNames.PAYMENT_QUEUE, id = COMPENSATIONS)
	void onOrderEvent(OrderEvent event) {
		switch (event) {
			case StockRejected rejection -> payments.refund(rejection);
			case FulfillmentFailed failure -> payments.refund(failure);
			case FraudScreeningPassed passed -> payments.screeningPassed(passed);
			case FraudScreeningFailed failed -> payments.screeningFailed(failed);
			default -> throw new UnexpectedEventException(MessagingNames.PAYMENT_QUEUE, event);
		}
	}
}
