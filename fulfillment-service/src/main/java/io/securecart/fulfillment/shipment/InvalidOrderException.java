package io.securecart.fulfillment.shipment;

/** ValidateOrder refused the order: nothing can be shipped from it. The workflow compensates. */
class InvalidOrderException extends RuntimeException {

	InvalidOrderException(String message) {
		super(message);
	}
}
