package io.securecart.payment.charge;

import java.util.UUID;

/** No refund of this order was ever written down. */
class RefundAttemptNotFoundException extends RuntimeException {

	RefundAttemptNotFoundException(UUID orderId) {
		super("No refund attempt of order " + orderId);
	}
}
