package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A charge set aside for reconciliation, as {@code GET /api/admin/payment-attempts/awaiting-reconciliation} shows it:
 * what a person looks up at the provider (the key, the amount, when it was first sent) before settling it. Never the
 * payment token, which the attempt no longer holds.
 */
record AttemptAwaitingReconciliation(UUID orderId, String customerId, String idempotencyKey, BigDecimal amount,
		String currency, Instant attemptedAt, Instant setAsideAt) {

	static AttemptAwaitingReconciliation of(PaymentAttempt attempt) {
		return new AttemptAwaitingReconciliation(attempt.getOrderId(), attempt.getCustomerId(),
				attempt.getIdempotencyKey(), attempt.getAmount().amount(), attempt.getAmount().currency(),
				attempt.getCreatedAt(), attempt.setAsideAt().orElseThrow());
	}
}
