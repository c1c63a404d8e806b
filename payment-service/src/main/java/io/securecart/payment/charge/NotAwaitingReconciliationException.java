package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The order's payment attempt is not set aside for reconciliation: still pending (the sweep or a delivery will
 * record it), or answered already (by the gateway, or by an earlier settlement). A settlement never overwrites one.
 */
class NotAwaitingReconciliationException extends RuntimeException {

	NotAwaitingReconciliationException(UUID orderId, PaymentAttempt.Status status) {
		super("The payment attempt of order %s is %s, not awaiting reconciliation".formatted(orderId, status));
	}
}
