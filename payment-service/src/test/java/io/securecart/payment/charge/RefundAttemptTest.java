package io.securecart.payment.charge;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefundAttemptTest {

	private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

	private static final Instant LATER = NOW.plusSeconds(30);

	private final Payment payment = Payment.authorized(UUID.randomUUID(), "alice", Money.of("39.98"), "ch_the_charge",
			NOW);

	private final RefundAttempt attempt = new RefundAttempt(payment, "refund:the-order", "out of stock: SC-MUG-002",
			"StockRejected", "{\"eventId\":\"the-compensation\"}", NOW);

	@Test
	void isPendingWithWhatAskingAgainNeedsUntilTheRefundIsRecorded() {
		assertThat(attempt.isPending()).isTrue();
		assertThat(attempt.getOrderId()).isEqualTo(payment.getOrderId());
		assertThat(attempt.getPaymentId()).isEqualTo(payment.getId());
		assertThat(attempt.getCustomerId()).isEqualTo("alice");
		assertThat(attempt.getIdempotencyKey()).isEqualTo("refund:the-order");
		assertThat(attempt.getChargeReference()).isEqualTo("ch_the_charge");
		assertThat(attempt.getAmount()).isEqualTo(Money.of("39.98"));
		assertThat(attempt.getCompensationType()).isEqualTo("StockRejected");
		assertThat(attempt.refundedAt()).isEmpty();
	}

	@Test
	void isRefundedOnce() {
		assertThat(attempt.refunded(LATER)).isTrue();
		assertThat(attempt.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
		assertThat(attempt.refundedAt()).contains(LATER);

		assertThat(attempt.refunded(LATER.plusSeconds(60))).as("announced once").isFalse();
		assertThat(attempt.refundedAt()).contains(LATER);
	}

	@Test
	void aRefundSetAsideKeepsTheRefusalAndIsSettledOnceEitherWay() {
		assertThat(attempt.setAside("No charge ch_the_charge to refund", LATER)).isTrue();
		assertThat(attempt.awaitsReconciliation()).isTrue();
		assertThat(attempt.isPending()).as("the sweep asks no more").isFalse();
		assertThat(attempt.refusal()).contains("No charge ch_the_charge to refund");
		assertThat(attempt.setAsideAt()).contains(LATER);
		assertThat(attempt.setAside("again", LATER.plusSeconds(1))).isFalse();

		assertThat(attempt.refunded(LATER.plusSeconds(60))).as("the provider's refund, found by a person").isTrue();
		assertThat(attempt.settledAt()).contains(LATER.plusSeconds(60));
		assertThat(attempt.notRefunded(LATER.plusSeconds(90))).isFalse();
		assertThat(attempt.getStatus()).isEqualTo(RefundAttempt.Status.REFUNDED);
	}

	@Test
	void aRefundSetAsideIsAskedForAgainUnderTheKeyOfItsNextRetryOnce() {
		assertThat(attempt.retry(retry -> "refund:the-order:" + retry)).as("only one set aside").isFalse();
		attempt.setAside("Idempotency key refund:the-order was first used to charge 39.98 USD", LATER);

		assertThat(attempt.retry(retry -> "refund:the-order:" + retry)).isTrue();

		assertThat(attempt.isPending()).as("the sweep's, or the retry's call's").isTrue();
		assertThat(attempt.getIdempotencyKey()).isEqualTo("refund:the-order:1");
		assertThat(attempt.getRetries()).isEqualTo(1);
		assertThat(attempt.retry(retry -> "refund:the-order:" + retry)).as("a second click").isFalse();
		assertThat(attempt.getIdempotencyKey()).isEqualTo("refund:the-order:1");

		attempt.setAside("Charge ch_the_charge cannot give back 39.98 USD more", LATER.plusSeconds(60));
		assertThat(attempt.retry(retry -> "refund:the-order:" + retry)).isTrue();
		assertThat(attempt.getIdempotencyKey()).isEqualTo("refund:the-order:2");
		assertThat(attempt.refunded(LATER.plusSeconds(90))).isTrue();
		assertThat(attempt.retry(retry -> "refund:the-order:" + retry)).as("refunded").isFalse();
		assertThat(attempt.getRetries()).isEqualTo(2);
	}

	@Test
	void aRefundSetAsideIsSettledAsNotRefundedOnlyOnceAndNeverRefundedAfterwards() {
		assertThat(attempt.notRefunded(LATER)).as("only one set aside").isFalse();
		attempt.setAside("No charge ch_the_charge to refund", LATER);

		assertThat(attempt.notRefunded(LATER.plusSeconds(60))).isTrue();

		assertThat(attempt.getStatus()).isEqualTo(RefundAttempt.Status.NOT_REFUNDED);
		assertThat(attempt.settledAt()).contains(LATER.plusSeconds(60));
		assertThat(attempt.refunded(LATER.plusSeconds(90))).isFalse();
		assertThat(attempt.refundedAt()).isEmpty();
	}
}
