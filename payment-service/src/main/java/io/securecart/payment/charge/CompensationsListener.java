package io.securecart.payment.charge;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Compensations (of stock rejections, failed fulfillments and payments checkout rejected), and the fraud verdicts that
 * release (or cancel) the payment of high-value orders. A listener that throws leaves its message unacknowledged: it
 * comes back after a backoff and, after the queue's {@code maxReceiveCount}, goes to its dead-letter queue; but a
 * cleared order the gateway's open circuit refused on that last receive is acknowledged, and left to the sweep of its
 * pending attempt (ADR 42), and so is a refund, whose intent is written down before the gateway is asked (ADR 45):
 * the receive count tells. A gateway that was asked and failed still fails the last receive into the dead-letter
 * queue.
 */
@Component
class CompensationsListener {

	/** The listener (container) id; paused while the gateway's circuit is open. */
	static final String ID = "compensations";

	private final Payments payments;

	private final Refunds refunds;

	CompensationsListener(Payments payments, Refunds refunds) {
		this.payments = payments;
		this.refunds = refunds;
	}

	@SqsListener(value = MessagingNames.PAYMENT_QUEUE, id = ID)
	void on(OrderEvent event, @Header(name = SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT,
			required = false) @Nullable String receiveCount) {
		Delivery delivery = Delivery.of(MessagingNames.PAYMENT_QUEUE, receiveCount);
		switch (event) {
			case StockRejected rejection -> refunds.refund(rejection, delivery);
			case FulfillmentFailed failure -> refunds.refund(failure, delivery);
			case PaymentRejected rejected -> refunds.refund(rejected, delivery);
			case FraudScreeningPassed passed -> payments.screeningPassed(passed, delivery);
			case FraudScreeningFailed failed -> payments.screeningFailed(failed);
			default -> throw new UnexpectedEventException(MessagingNames.PAYMENT_QUEUE, event);
		}
	}
}
