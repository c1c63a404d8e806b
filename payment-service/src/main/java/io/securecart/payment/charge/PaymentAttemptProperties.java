package io.securecart.payment.charge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the payment attempts left pending are resolved ({@link StuckPaymentAttempts}, ADR 42).
 *
 * @param resolveAfter how long an attempt may stay pending before the sweep asks the gateway again with its key (and
 * how long one it tried in vain waits for the next try): longer than a delivery's own retries take, so the sweep is
 * the last resort, not a second consumer; far shorter than the provider keeps its keys (about a day), within which
 * asking again returns the first answer and charges nothing more
 * @param sweepInterval how often the sweep looks
 */
@ConfigurationProperties("securecart.payment.attempts")
record PaymentAttemptProperties(@DefaultValue("5m") Duration resolveAfter, @DefaultValue("1m") Duration sweepInterval) {

	PaymentAttemptProperties {
		if (resolveAfter == null || !resolveAfter.isPositive()) {
			throw new IllegalArgumentException("resolve-after must be positive, was " + resolveAfter);
		}
		if (sweepInterval == null || !sweepInterval.isPositive()) {
			throw new IllegalArgumentException("sweep-interval must be positive, was " + sweepInterval);
		}
	}
}
