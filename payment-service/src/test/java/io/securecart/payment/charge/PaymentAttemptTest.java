package io.securecart.payment.charge;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.payment.gateway.Authorization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentAttemptTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final Instant LATER = NOW.plusSeconds(30);

	private final PaymentAttempt attempt = new PaymentAttempt(UUID.randomUUID(), "alice", "the-key",
			Money.of("39.98"), "{\"paymentToken\":\"tok_visa\"}", NOW);

	@Test
	void isPendingWithItsOrderToChargeUntilItsAnswerIsRecorded() {
		assertThat(attempt.isPending()).isTrue();
		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.PENDING);
		assertThat(attempt.orderToCharge()).contains("{\"paymentToken\":\"tok_visa\"}");
		assertThat(attempt.getIdempotencyKey()).isEqualTo("the-key");
		assertThat(attempt.getAmount()).isEqualTo(Money.of("39.98"));
		assertThat(attempt.resolvedAt()).isEmpty();
	}

	@Test
	void anApprovalMakesItAuthorizedAndForgetsTheOrderAndItsToken() {
		assertThat(attempt.answered(new Authorization.Approved("ch_1"), LATER)).isTrue();

		assertThat(attempt.isPending()).isFalse();
		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
		assertThat(attempt.orderToCharge()).isEmpty();
		assertThat(attempt.resolvedAt()).contains(LATER);
	}

	@Test
	void aDeclineMakesItDeclined() {
		assertThat(attempt.answered(new Authorization.Declined("card_declined"), LATER)).isTrue();

		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.DECLINED);
		assertThat(attempt.orderToCharge()).isEmpty();
	}

	@Test
	void aRecordedDeclineIsNeverOverwritten() {
		attempt.answered(new Authorization.Declined("card_declined"), LATER);

		assertThat(attempt.answered(new Authorization.Approved("ch_1"), LATER.plusSeconds(60))).isFalse();

		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.DECLINED);
		assertThat(attempt.resolvedAt()).contains(LATER);
	}

	@Test
	void aRecordedAuthorizationIsNeverOverwritten() {
		attempt.answered(new Authorization.Approved("ch_1"), LATER);

		assertThat(attempt.answered(new Authorization.Declined("card_declined"), LATER.plusSeconds(60))).isFalse();

		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
	}
}
