package io.securecart.checkout.cart;

/** A change that would take the cart beyond what one order may hold (lines, or quantity of a SKU). */
class CartLimitException extends RuntimeException {

	CartLimitException(String message) {
		super(message);
	}
}
