package io.securecart.inventory.stock;

import java.util.OptionalInt;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.Delivery;
import io.securecart.platform.messaging.ReceiveLimits;
import io.securecart.platform.messaging.UnexpectedEventException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Inventory's queue: paid orders to reserve, shipped orders to commit, failed fulfillments and payments checkout
 * rejected to release (its subscription's filter policy lets nothing else through). A thin adapter: a failure
 * propagates, so SQS redelivers the message with backoff, and after five receives moves it to the dead-letter queue.
 *
 * <p>
 * A payment that is not for its lines fails on every receive, and an operator must act on it: an ERROR once, on
 * the receive that sends it to the dead-letter queue (its {@code ApproximateReceiveCount} has reached the queue's
 * {@code maxReceiveCount}, {@link ReceiveLimits}), a WARN on the receives before. When the last receive cannot be
 * told (no receive count, the broker does not say), every receive logs the ERROR, as before: twice is better than
 * never. That is our ERROR, the one that names the order: the exception is rethrown so that the message reaches the
 * DLQ, and Spring Cloud AWS logs its own ERROR ("Error processing message ...") on every failed receive, as for any
 * listener's failure (ADR 44). The limit is cached ({@link ReceiveLimits}): lowered within that minute, the real
 * last receive logs a WARN only, and the DLQ's alarm is what tells.
 */
@Component
class OrderEventsListener {

	private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

	private final Reservations reservations;

	private final ReceiveLimits receiveLimits;

	OrderEventsListener(Reservations reservations, ReceiveLimits receiveLimits) {
		this.reservations = reservations;
		this.receiveLimits = receiveLimits;
	}

	@SqsListener(value = MessagingNames.INVENTORY_QUEUE, id = "order-events")
	void on(OrderEvent event, @Header(name = SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT,
			required = false) @Nullable String receiveCount) {
		switch (event) {
			case PaymentAuthorized payment -> reserve(payment, receiveCount);
			case OrderShipped shipment -> reservations.commit(shipment);
			case FulfillmentFailed failure -> reservations.release(failure);
			case PaymentRejected rejection -> reservations.release(rejection);
			// Never acknowledged and lost: it fails and ends in the DLQ (the platform's one policy).
			default -> throw new UnexpectedEventException("inventory-service", event);
		}
	}

	private void reserve(PaymentAuthorized payment, @Nullable String receiveCount) {
		try {
			reservations.reserve(payment);
		}
		catch (PaymentNotForItsLinesException ex) {
			int receives = Delivery.of(MessagingNames.INVENTORY_QUEUE, receiveCount).receiveCount();
			OptionalInt max = receives > 0 ? receiveLimits.maxReceiveCount(MessagingNames.INVENTORY_QUEUE)
					: OptionalInt.empty();
			if (max.isPresent() && receives < max.getAsInt()) {
				log.warn("Cannot process a payment (receive {} of {}; it comes back, then goes to the DLQ): {}",
						receives, max.getAsInt(), ex.getMessage());
			}
			else {
				log.error(
						"Cannot process a payment; nothing reserved, the message goes to {}-dlq (receive {} of {}): {}",
						MessagingNames.INVENTORY_QUEUE, receives, max.isPresent() ? max.getAsInt() : "unknown",
						ex.getMessage());
			}
			throw ex;
		}
	}
}
