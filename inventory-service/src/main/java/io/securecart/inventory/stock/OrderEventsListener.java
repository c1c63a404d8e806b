package io.securecart.inventory.stock;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.springframework.stereotype.Component;

/**
 * Inventory's queue: paid orders to reserve, shipped orders to commit, failed fulfillments and payments checkout
 * rejected to release (its subscription's filter policy lets nothing else through). A thin adapter: a failure
 * propagates, so SQS redelivers the message with backoff, and after five receives moves it to the dead-letter queue.
 */
@Component
class OrderEventsListener {

	private final Reservations reservations;

	OrderEventsListener(Reservations reservations) {
		this.reservations = reservations;
	}

	@SqsListener(value = MessagingNames.INVENTORY_QUEUE, id = "order-events")
	void on(OrderEvent event) {
		switch (event) {
			case PaymentAuthorized payment -> reservations.reserve(payment);
			case OrderShipped shipment -> reservations.commit(shipment);
			case FulfillmentFailed failure -> reservations.release(failure);
			case PaymentRejected rejection -> reservations.release(rejection);
			// Never acknowledged and lost: it fails and ends in the DLQ (the platform's one policy).
			default -> throw new UnexpectedEventException("inventory-service", event);
		}
	}
}
