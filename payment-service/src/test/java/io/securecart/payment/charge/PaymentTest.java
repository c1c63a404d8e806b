package io.securecart.payment.charge;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class PaymentTest {

	private static final Instant CREATED = Instant.parse("2026-11-21T10:00:00Z");

	private static final Instant LATER = Instant.parse("2026-11-21T10:05:00Z");

	private final UUID orderId = UUID.randomUUID();

	@Test
	void anAuthorizedPaymentKeepsTheChargeAndNoDeclineReason() {
		Payment payment = Payment.authorized(orderId, "alice", Money.of("39.98"), "ch_123", CREATED);

		assertThat(payment.getId()).isNotNull();
		assertThat(payment.getOrderId()).isEqualTo(orderId);
		assertThat(payment.getCustomerId()).isEqualTo("alice");
		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
		assertThat(payment.getAmount()).isEqualTo(Money.of("39.98"));
		assertThat(payment.getGatewayReference()).isEqualTo("ch_123");
		assertThat(payment.getDeclineReason()).isNull();
		assertThat(payment.getCreatedAt()).isEqualTo(CREATED);
		assertThat(payment.getUpdatedAt()).isEqualTo(CREATED);
	}

	@Test
	void aDeclinedPaymentKeepsTheReasonAndNoCharge() {
		Payment payment = Payment.declined(orderId, "alice", Money.of("39.98"), "card_declined", CREATED);

		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
		assertThat(payment.getDeclineReason()).isEqualTo("card_declined");
		assertThat(payment.getGatewayReference()).isNull();
	}

	@Test
	void anAuthorizedPaymentNeedsTheChargeReferenceAndADeclinedOneItsReason() {
		assertThatNullPointerException()
			.isThrownBy(() -> Payment.authorized(orderId, "alice", Money.of("1.00"), null, CREATED));
		assertThatNullPointerException()
			.isThrownBy(() -> Payment.declined(orderId, "alice", Money.of("1.00"), null, CREATED));
	}

	@Test
	void refundsAnAuthorizedPayment() {
		Payment payment = Payment.authorized(orderId, "alice", Money.of("39.98"), "ch_123", CREATED);

		assertThat(payment.refund(LATER)).isTrue();

		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		assertThat(payment.getUpdatedAt()).isEqualTo(LATER);
		assertThat(payment.getCreatedAt()).isEqualTo(CREATED);
	}

	@Test
	void neverRefundsTwice() {
		Payment payment = Payment.authorized(orderId, "alice", Money.of("39.98"), "ch_123", CREATED);
		payment.refund(LATER);

		assertThat(payment.refund(LATER.plusSeconds(60))).isFalse();

		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.REFUNDED);
		assertThat(payment.getUpdatedAt()).isEqualTo(LATER);
	}

	@Test
	void doesNotRefundADeclinedPayment() {
		Payment payment = Payment.declined(orderId, "alice", Money.of("39.98"), "card_declined", CREATED);

		assertThat(payment.refund(LATER)).isFalse();

		assertThat(payment.getStatus()).isEqualTo(PaymentStatus.DECLINED);
		assertThat(payment.getUpdatedAt()).isEqualTo(CREATED);
	}
}
