package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A refund set aside for reconciliation, as {@code GET /api/admin/refund-attempts/awaiting-reconciliation} shows it:
 * what a person looks up at the provider (the charge, the refund's key, the amount, what the provider said) before
 * settling it, and how many times a person asked for it again under a new key (the key shown is the last one's). A
 * refund holds no card data.
 */
record RefundAwaitingReconciliation(UUID orderId, String customerId, UUID paymentId, String idempotencyKey,
		String chargeReference, BigDecimal amount, String currency, String reason, String refusal, Instant writtenAt,
		Instant setAsideAt, int retries) {

	static RefundAwaitingReconciliation of(RefundAttempt attempt) {
		return new RefundAwaitingReconciliation(attempt.getOrderId(), attempt.getCustomerId(), attempt.getPaymentId(),
				attempt.getIdempotencyKey(), attempt.getChargeReference(), attempt.getAmount().amount(),
				attempt.getAmount().currency(), attempt.getReason(), attempt.refusal().orElseThrow(),
				attempt.getCreatedAt(), attempt.setAsideAt().orElseThrow(), attempt.getRetries());
	}
}
