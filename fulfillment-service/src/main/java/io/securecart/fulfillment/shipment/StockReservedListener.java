package io.securecart.fulfillment.shipment;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.StockReserved;

import org.springframework.stereotype.Component;

/**
 * Fulfils orders whose stock inventory reserved, by starting their execution. Any other event on this queue fails to
 * decode as {@link StockReserved} and ends in the queue's dead-letter queue: the filter policy should never route one
 * here. Receives no more than the fulfilments the workflow may still carry ({@link FulfillmentAdmission}'s gate).
 */
@Component
class StockReservedListener {

	static final String ID = "stock-reserved";

	private final OrderFulfillments fulfillments;

	StockReservedListener(OrderFulfillments fulfillments) {
		this.fulfillments = fulfillments;
	}

	@SqsListener(value = MessagingNames.FULFILLMENT_QUEUE, id = ID)
	void on(StockReserved event) {
		fulfillments.stockReserved(event);
	}
}
