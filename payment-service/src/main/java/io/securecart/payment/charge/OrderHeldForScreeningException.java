package io.securecart.payment.charge;

import io.securecart.contracts.events.OrderPlaced;

/** A high-value order is not paid on request: it waits for its fraud verdict (or failed screening). */
public class OrderHeldForScreeningException extends RuntimeException {

	OrderHeldForScreeningException(OrderPlaced order) {
		super("Order " + order.orderId() + " is high-value: it is paid once fraud screening passes it");
	}
}
