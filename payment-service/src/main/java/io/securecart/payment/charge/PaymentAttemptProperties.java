package io.securecart.payment.charge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the payment attempts and refunds left pending are resolved ({@link StuckPaymentAttempts}, ADR 42 and 45).
 *
 * @param resolveAfter how long an attempt may stay pending before the sweep asks the gateway again with its key (and
 * how long one it tried in vain waits for the next try): longer than a delivery's own retries take, so the sweep is
 * the last resort, not a second consumer; far shorter than the provider keeps its keys, within which asking again
 * returns the first answer and charges nothing more
 * @param sweepInterval how often the sweep looks
 * @param keyWindow how long after an attempt was written its key may still be asked with: the provider keeps a key
 * for 24 hours (docs/adr/0042), after which the same key is a new charge. Past it nothing asks again, neither the
 * sweep nor a delivery of the order: the attempt is set aside for a person to reconcile. Shorter than the provider's
 * figure by a margin for clocks and a call under way; longer than {@code resolveAfter}, or the sweep never could
 */
@ConfigurationProperties("securecart.payment.attempts")
record PaymentAttemptProperties(@DefaultValue("5m") Duration resolveAfter, @DefaultValue("1m") Duration sweepInterval,
		@DefaultValue("23h") Duration keyWindow) {

	PaymentAttemptProperties {
		if (resolveAfter == null || !resolveAfter.isPositive()) {
			throw new IllegalArgumentException("resolve-after must be positive, was " + resolveAfter);
		}
		if (sweepInterval == null || !sweepInterval.isPositive()) {
			throw new IllegalArgumentException("sweep-interval must be positive, was " + sweepInterval);
		}
		if (keyWindow == null || keyWindow.compareTo(resolveAfter) <= 0) {
			throw new IllegalArgumentException(
					"key-window must be longer than resolve-after (%s), was %s".formatted(resolveAfter, keyWindow));
		}
	}
}
