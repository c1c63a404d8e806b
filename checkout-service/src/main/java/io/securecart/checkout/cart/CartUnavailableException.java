package io.securecart.checkout.cart;

/** DynamoDB did not serve the cart (unreachable, throttling, an outage): the request may be sent again. */
public class CartUnavailableException extends RuntimeException {

	CartUnavailableException(Throwable cause) {
		super("The cart's table did not answer: " + cause.getClass().getSimpleName(), cause);
	}
}
