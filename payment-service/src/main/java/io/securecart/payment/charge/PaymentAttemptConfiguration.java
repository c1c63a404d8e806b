package io.securecart.payment.charge;

import io.securecart.platform.metrics.DeferredWork;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling // the sweep of pending payment attempts and refunds
class PaymentAttemptConfiguration {

	/**
	 * Payment attempts whose answer is not recorded ({@link StuckPaymentAttempts}), for the deferred-work-too-old
	 * alarm: every order is one for the length of its gateway call, an old one is a charge nobody recorded.
	 */
	@Bean
	DeferredWork pendingPaymentAttemptsBacklog() {
		return new DeferredWork("pending-payment-attempts", """
				select count(*) as pending, min(created_at) as oldest from payment_attempt where status = 'PENDING'""");
	}

	/**
	 * Refunds written down and not recorded ({@link RefundAttempt}, ADR 45), for the deferred-work-too-old alarm: every
	 * compensation is one for the length of its gateway call; an old one is a customer's money still taken, which the
	 * sweep cannot give back (the gateway refuses it, or the recording keeps failing).
	 */
	@Bean
	DeferredWork pendingRefundAttemptsBacklog() {
		return new DeferredWork("pending-refund-attempts", """
				select count(*) as pending, min(created_at) as oldest from refund_attempt where status = 'PENDING'""");
	}

	/**
	 * Payment attempts set aside for reconciliation ({@link Payments#setAside}): pending longer than the provider keeps
	 * the key, so nothing asks again, and a person must look the key up at the provider and settle it. Owed since the
	 * attempt was written, a day ago: the deferred-work-too-old alarm fires at once, and until each is settled.
	 */
	@Bean
	DeferredWork unreconciledPaymentAttemptsBacklog() {
		return new DeferredWork("unreconciled-payment-attempts", """
				select count(*) as pending, min(created_at) as oldest from payment_attempt
				where status = 'NEEDS_RECONCILIATION'""");
	}

	/**
	 * Refunds set aside for reconciliation ({@link Refunds#setRefundAside}): the provider refused them for good, so
	 * nothing asks again, the customer's money is still taken, and a person must find out at the provider what became
	 * of it and settle it. Owed since the refund was written, moments before the refusal: the deferred-work-too-old
	 * alarm fires once its threshold has passed (the ERROR line of the set-aside comes at once), and until each is
	 * settled.
	 */
	@Bean
	DeferredWork unreconciledRefundAttemptsBacklog() {
		return new DeferredWork("unreconciled-refund-attempts", """
				select count(*) as pending, min(created_at) as oldest from refund_attempt
				where status = 'NEEDS_RECONCILIATION'""");
	}
}
