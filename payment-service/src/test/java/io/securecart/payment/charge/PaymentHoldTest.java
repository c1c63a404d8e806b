package io.securecart.payment.charge;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A held order is released for a charge only by a passing verdict, whichever of the two came first. */
class PaymentHoldTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private final PaymentHold hold = new PaymentHold(UUID.randomUUID(), "alice", NOW);

	@Test
	void anOrderWithoutAVerdictIsNotCharged() {
		hold.hold("{order}");

		assertThat(hold.orderToCharge()).isEmpty();
		assertThat(hold.isHoldingAnOrder()).isTrue();
	}

	@Test
	void aPassingVerdictAfterTheOrderReleasesIt() {
		hold.hold("{order}");
		hold.decide(PaymentHold.Verdict.PASSED, "rules");

		assertThat(hold.orderToCharge()).contains("{order}");
	}

	@Test
	void aPassingVerdictBeforeTheOrderWaitsForIt() {
		hold.decide(PaymentHold.Verdict.PASSED, "rules");
		assertThat(hold.orderToCharge()).isEmpty();

		hold.hold("{order}");
		assertThat(hold.orderToCharge()).contains("{order}");
	}

	@Test
	void theFirstVerdictIsFinal() {
		hold.decide(PaymentHold.Verdict.FAILED, "rules");
		hold.decide(PaymentHold.Verdict.PASSED, "reviewer:mallory");
		hold.hold("{order}");

		assertThat(hold.verdict()).contains(PaymentHold.Verdict.FAILED);
		assertThat(hold.orderToCharge()).isEmpty();
	}

	@Test
	void aReleasedHoldForgetsTheOrderAndItsTokenForGood() {
		hold.hold("{order with tok_visa}");
		hold.decide(PaymentHold.Verdict.PASSED, "rules");
		hold.release(NOW);
		hold.hold("{redelivered order with tok_visa}");

		assertThat(hold.isHoldingAnOrder()).isFalse();
		assertThat(hold.orderToCharge()).isEmpty();
		assertThat(hold.isReleased()).isTrue();
	}
}
