package io.securecart.inventory.stock;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.platform.messaging.UnexpectedEventException;

import org.springframework.stereotype.Component;

/**
 * Inventory's queue: paid orders to reserve, shipped orders to commit, failed fulfillments to release (its
 * subscription's filter policy lets nothing else through). A thin adapter: a failure propagates, so SQS redelivers the message with backoff, and after five
 * receives moves it to the dead-letter queue.
 */
@Component
class InventoryEventsListener {

	private final StockService stock;

	InventoryEventsListener(StockService stock) {
		this.stock = stock;
	}

	@SqsListener(value = MessagingNames.INVENTORY_QUEUE, id = "order-events")
	void on(OrderEvent event) {
		switch (event) {
			case PaymentAuthorized payment -> stock.reserve(payment);
			case OrderShipped shipment -> stock.commit(shipment);
			case FulfillmentFailed failure -> stock.release(failure);
			// Never acknowledged and lost: it fails and ends in the DLQ (the platform's one policy).
			default -> throw new UnexpectedEventException("inventory-service", event);
		}
	}
}
