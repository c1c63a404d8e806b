package io.securecart.checkout.order;

import java.util.UUID;

/**
 * Payment-service had to decide an order's payment while the customer waited (the coupled mode), and did not: it was
 * down, too slow, or its gateway was unavailable. The order is saved and waits for its payment; the same request sent
 * again, with the same {@code Idempotency-Key}, asks payment again for the same order.
 */
public class PaymentUnavailableException extends RuntimeException {

	public PaymentUnavailableException(UUID orderId, Throwable cause) {
		super("Payment unavailable for order " + orderId, cause);
	}

	public PaymentUnavailableException(UUID orderId, String reason) {
		super("Payment unavailable for order " + orderId + ": " + reason);
	}
}
