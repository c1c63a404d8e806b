package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The order's refund is not set aside for reconciliation: still pending (the sweep or a delivery will make it), or
 * settled already (refunded, or not refunded). A settlement never overwrites one.
 */
class RefundNotAwaitingReconciliationException extends RuntimeException {

	RefundNotAwaitingReconciliationException(UUID orderId, RefundAttempt.Status status) {
		super("The refund of order %s is %s, not awaiting reconciliation".formatted(orderId, status));
	}
}
