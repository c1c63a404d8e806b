package io.securecart.fulfillment.shipment;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.StockReserved;

import org.springframework.stereotype.Component;

/**
 * Fulfils orders whose stock inventory reserved, by starting their execution. Any other event on this queue fails to
 * decode as {@link StockReserved} and ends in the queue's dead-letter queue: the filter policy should never route one
 * here.
 */
@Component
class StockReservedListener {

	private final FulfillmentStarter starter;

	StockReservedListener(FulfillmentStarter starter) {
		this.starter = starter;
	}

	@SqsListener(value = MessagingNames.FULFILLMENT_QUEUE, id = "stock-reserved")
	void on(StockReserved event) {
		starter.stockReserved(event);
	}
}
