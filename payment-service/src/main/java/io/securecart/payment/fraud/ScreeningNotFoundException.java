package io.securecart.payment.fraud;

import java.util.UUID;

/** No screening of this order is recorded. */
class ScreeningNotFoundException extends RuntimeException {

	ScreeningNotFoundException(UUID orderId) {
		super("No fraud screening of order " + orderId);
	}
}
