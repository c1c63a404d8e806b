package io.securecart.payment.gateway;

/**
 * The provider refused a call whose idempotency key it had already seen with another operation or other parameters
 * (Stripe's {@code idempotency_error}, Adyen's 422 on a reused {@code Idempotency-Key}). Not transient: asking again
 * with the same key gets the same refusal, so it is neither retried nor counted against the gateway. The message that
 * made a charge ends in its dead-letter queue; a refund refused so is set aside for reconciliation, as one refused for
 * good ({@link RefundRefusedException}) is (ADR 45).
 */
public class IdempotencyKeyReusedException extends IllegalArgumentException {

	IdempotencyKeyReusedException(String idempotencyKey, String firstUse, String thisUse) {
		super("Idempotency key %s was first used to %s; it cannot %s".formatted(idempotencyKey, firstUse, thisUse));
	}
}
