package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.IdempotencyKeyReusedException;
import io.securecart.payment.gateway.RefundRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resolves the payment attempts nobody recorded (ADR 42). An attempt is written before the gateway is asked, and moved
 * on by the transaction that records the answer; one still pending after {@code resolve-after} is an order the gateway
 * may have charged while every delivery's recording failed (its message is in the dead-letter queue, or waits there
 * for a redrive after the provider forgot the key). Every {@code sweep-interval}, the attempts pending longer than
 * that, oldest first, are asked for again with their own key, which returns the first answer and charges nothing more,
 * and recorded as their delivery would have been ({@link Payments#resolve(UUID)}): a charged order is recorded, so its
 * refund is possible, and its saga goes on. Each is logged at WARN; one that fails again (the gateway down, the
 * recording still failing) goes to the back of the line, tried again once it has waited {@code resolve-after} more,
 * and shows in the {@code pending-payment-attempts} backlog that the {@code deferred-work-too-old} alarm watches.
 * While the gateway's circuit is not closed the asking is skipped: the probes of {@link GatewayListenerPause}, not
 * the sweep, find out when the gateway is back.
 * <p>
 * An attempt pending longer than {@code key-window} is never asked again, since the provider has forgotten its key
 * and would charge it a second time: each round first sets those aside for reconciliation
 * ({@link Payments#setAside(UUID)}, an ERROR each), whatever the circuit's state, as that asks nothing of the gateway.
 * <p>
 * Refunds are resolved the same way, in the same round and after the charges (ADR 45): a {@link RefundAttempt}
 * pending longer than {@code resolve-after} (the open circuit refused its compensation's last receive, or every
 * recording failed) is asked for again with its key, its charge and its amount, and recorded as its compensation's
 * delivery would have been ({@link Refunds#resolveRefund(UUID)}); one that fails again goes to the back of the line,
 * and shows in the {@code pending-refund-attempts} backlog. A refund has no key window: asked again after the provider
 * forgot its key, a refund that was made is refused (the charge has nothing left to give back), never made twice.
 * A refund the provider refuses for good (that, or no such charge, or its key reused) is set aside for reconciliation
 * ({@link Refunds#setRefundAside(UUID, String, String)}, an ERROR), not put back in the line: asked again it would be
 * refused again, every round, for ever. The sweep reads pending refunds only, so it never asks for one set aside.
 */
@Component
class StuckPaymentAttempts {

	private static final Logger log = LoggerFactory.getLogger(StuckPaymentAttempts.class);

	private final PaymentAttemptRepository attempts;

	private final RefundAttemptRepository refundAttempts;

	private final Payments payments;

	private final Refunds refunds;

	private final PaymentAttemptProperties properties;

	private final CircuitBreaker circuitBreaker;

	private final Clock clock;

	StuckPaymentAttempts(PaymentAttemptRepository attempts, RefundAttemptRepository refundAttempts, Payments payments,
			Refunds refunds, PaymentAttemptProperties properties, CircuitBreakerRegistry circuitBreakers, Clock clock) {
		this.attempts = attempts;
		this.refundAttempts = refundAttempts;
		this.payments = payments;
		this.refunds = refunds;
		this.properties = properties;
		this.circuitBreaker = circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${securecart.payment.attempts.sweep-interval:1m}")
	void resolvePending() {
		Instant now = clock.instant();
		for (UUID orderId : attempts.findPendingCreatedBefore(now.minus(properties.keyWindow()))) {
			try {
				payments.setAside(orderId);
			}
			catch (RuntimeException ex) {
				log.warn("Could not set order {}'s payment attempt aside for reconciliation yet: {}", orderId,
						ex.toString());
			}
		}
		if (circuitBreaker.getState() != CircuitBreaker.State.CLOSED) {
			log.debug("The payment gateway's circuit is {}: pending attempts and refunds wait for the next round",
					circuitBreaker.getState());
			return;
		}
		for (UUID orderId : attempts.findPendingBefore(now.minus(properties.resolveAfter()))) {
			try {
				if (payments.resolve(orderId)) {
					log.warn("Order {} was asked of the gateway and its answer never recorded: recorded now", orderId);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not resolve the payment attempt of order {} yet: {}", orderId, ex.toString());
				attempts.triedAndFailed(orderId, clock.instant());
			}
		}
		for (UUID orderId : refundAttempts.findPendingBefore(now.minus(properties.resolveAfter()))) {
			try {
				if (refunds.resolveRefund(orderId)) {
					log.warn("Order {}'s refund was left pending (its compensation refused by the open circuit, or its "
							+ "recording failed): refunded and recorded now", orderId);
				}
				else {
					// Recorded or closed meanwhile, as a rule; one still pending must not head the line for ever.
					refundAttempts.triedAndFailed(orderId, clock.instant());
				}
			}
			catch (RefundRefusedException | IdempotencyKeyReusedException refused) {
				// Set aside by resolveRefund, unless a person asked for it under a new key meanwhile; either way it
				// is not put back in the line.
				log.debug("Order {}'s refund was refused for good: {}", orderId, refused.getMessage());
			}
			catch (RuntimeException ex) {
				log.warn("Could not resolve the pending refund of order {} yet: {}", orderId, ex.toString());
				refundAttempts.triedAndFailed(orderId, clock.instant());
			}
		}
	}
}
