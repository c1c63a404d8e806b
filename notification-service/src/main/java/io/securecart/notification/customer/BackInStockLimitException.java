package io.securecart.notification.customer;

/** The customer has as many back-in-stock requests waiting as one may: a 409 {@code back-in-stock-limit}. */
class BackInStockLimitException extends RuntimeException {

	BackInStockLimitException(String message) {
		super(message);
	}
}
