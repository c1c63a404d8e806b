package io.securecart.payment.fraud;

import java.util.UUID;

/** The order is not waiting for a review: its screening needed none, or a reviewer or the timeout decided it. */
class ReviewAlreadyDecidedException extends RuntimeException {

	ReviewAlreadyDecidedException(UUID orderId) {
		super("Order " + orderId + " is not under review");
	}
}
