package io.securecart.inventory.stock;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Inventory's queue: paid orders to reserve, shipped orders to commit, failed fulfillments to release (its
 * subscription's filter policy lets nothing else through). A thin adapter: a failure propagates, so SQS redelivers the message with backoff, and after five
 * receives moves it to the dead-letter queue.
 */
@Component
class InventoryEventsListener {

	private static final Logger log = LoggerFactory.getLogger(InventoryEventsListener.class);

	private final StockService stock;

	InventoryEventsListener(StockService stock) {
		this.stock = stock;
	}

	@SqsListener(MessagingNames.INVENTORY_QUEUE)
	void on(OrderEvent event) {
		switch (event) {
			case PaymentAuthorized payment -> stock.reserve(payment);
			case OrderShipped shipment -> stock.commit(shipment);
			case FulfillmentFailed failure -> stock.release(failure);
			default -> log.warn("Ignoring {} {} for order {}: inventory does not subscribe to it", event.eventType(),
					event.eventId(), event.orderId());
		}
	}
}
