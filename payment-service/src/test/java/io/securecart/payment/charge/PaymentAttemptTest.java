package io.securecart.payment.charge;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.payment.gateway.Authorization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentAttemptTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final Instant LATER = NOW.plusSeconds(30);

	private static final Duration KEY_WINDOW = Duration.ofHours(23);

	private static final Instant PAST_THE_WINDOW = NOW.plus(KEY_WINDOW);

	private static final String WITHOUT_TOKEN = "{\"paymentToken\":null}";

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

	@Test
	void mayBeAskedAgainOnlyWithinItsKeyWindowCountedFromWhenItWasWritten() {
		assertThat(attempt.withinKeyWindow(NOW, KEY_WINDOW)).isTrue();
		assertThat(attempt.withinKeyWindow(PAST_THE_WINDOW.minusMillis(1), KEY_WINDOW)).isTrue();
		assertThat(attempt.withinKeyWindow(PAST_THE_WINDOW, KEY_WINDOW)).isFalse();
	}

	@Test
	void isSetAsideForReconciliationOncePastItsKeyWindowKeepingItsOrderWithoutTheToken() {
		assertThat(attempt.setAside(WITHOUT_TOKEN, PAST_THE_WINDOW, KEY_WINDOW)).isTrue();

		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.NEEDS_RECONCILIATION);
		assertThat(attempt.awaitsReconciliation()).isTrue();
		assertThat(attempt.isPending()).as("nothing asks the gateway for it any more").isFalse();
		assertThat(attempt.orderToCharge()).contains(WITHOUT_TOKEN);
		assertThat(attempt.setAsideAt()).contains(PAST_THE_WINDOW);
		assertThat(attempt.resolvedAt()).isEmpty();
	}

	@Test
	void isNotSetAsideWithinItsKeyWindow() {
		assertThat(attempt.setAside(WITHOUT_TOKEN, PAST_THE_WINDOW.minusSeconds(1), KEY_WINDOW)).isFalse();

		assertThat(attempt.isPending()).isTrue();
		assertThat(attempt.orderToCharge()).contains("{\"paymentToken\":\"tok_visa\"}");
	}

	@Test
	void anAnsweredAttemptIsNeverSetAside() {
		attempt.answered(new Authorization.Approved("ch_1"), LATER);

		assertThat(attempt.setAside(WITHOUT_TOKEN, PAST_THE_WINDOW, KEY_WINDOW)).isFalse();

		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
		assertThat(attempt.orderToCharge()).isEmpty();
	}

	@Test
	void aSetAsideAttemptIsSettledOnceByTheAnswerAPersonFoundAtTheProvider() {
		attempt.setAside(WITHOUT_TOKEN, PAST_THE_WINDOW, KEY_WINDOW);
		Instant settled = PAST_THE_WINDOW.plusSeconds(3600);

		assertThat(attempt.answered(new Authorization.Approved("ch_1"), settled)).isTrue();

		assertThat(attempt.getStatus()).isEqualTo(PaymentAttempt.Status.AUTHORIZED);
		assertThat(attempt.orderToCharge()).isEmpty();
		assertThat(attempt.resolvedAt()).contains(settled);
		assertThat(attempt.setAsideAt()).as("when it was set aside stays known").contains(PAST_THE_WINDOW);
		assertThat(attempt.answered(new Authorization.Declined("not_charged"), settled)).isFalse();
		assertThat(attempt.setAside(WITHOUT_TOKEN, settled, KEY_WINDOW)).isFalse();
	}
}
