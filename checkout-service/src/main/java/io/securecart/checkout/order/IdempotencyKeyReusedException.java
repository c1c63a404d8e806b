package io.securecart.checkout.order;

/** An {@code Idempotency-Key} already placed an order for a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException() {
		super("Idempotency-Key reused with a different request");
	}
}
