package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The order's refund is not set aside for reconciliation: still pending (the sweep or a delivery will make it, or a
 * retry asked for it again meanwhile), or settled already (refunded, or not refunded). Neither a settlement nor a
 * retry overwrites one.
 */
class RefundNotAwaitingReconciliationException extends RuntimeException {

	RefundNotAwaitingReconciliationException(UUID orderId, RefundAttempt.Status status) {
		super("The refund of order %s is %s, not awaiting reconciliation".formatted(orderId, status));
	}
}
