package io.securecart.payment.charge;

import java.util.UUID;

/**
 * Payment refuses the order itself, not the moment it was asked: its total is not what its lines add up to. Asking
 * again cannot change that, so checkout's coupled mode cancels the order on this problem type alone; any other 4xx
 * (a 404 or 403 of a rolling deployment, a 400 about a field this release does not know yet) it retries.
 */
class AuthorizationRefusedException extends RuntimeException {

	AuthorizationRefusedException(UUID orderId, String why) {
		super("order " + orderId + " is refused: " + why);
	}
}
