package io.securecart.checkout.cart;

/** Checkout of a cart with nothing in it. */
class EmptyCartException extends RuntimeException {

	EmptyCartException() {
		super("the cart is empty: add items before checking out");
	}
}
