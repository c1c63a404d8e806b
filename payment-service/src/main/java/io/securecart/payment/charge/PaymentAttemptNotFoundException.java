package io.securecart.payment.charge;

import java.util.UUID;

/** No charge of this order was ever attempted on the asynchronous path. */
class PaymentAttemptNotFoundException extends RuntimeException {

	PaymentAttemptNotFoundException(UUID orderId) {
		super("No payment attempt of order " + orderId);
	}
}
