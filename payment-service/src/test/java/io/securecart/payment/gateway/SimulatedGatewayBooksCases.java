package io.securecart.payment.gateway;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.securecart.contracts.Money;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the simulated provider's books answer: its charges and refunds, what each charge has left, its keys, and what
 * it confirms. Run over both ledgers, so the one in memory that the unit tests use cannot drift from PostgreSQL's:
 * {@code SimulatedPaymentGatewayTest} ({@link InMemorySimulatedGatewayLedger}) and {@code SimulatedPaymentGatewayIT}
 * ({@link JdbcSimulatedGatewayLedger}, its SQL), each with another gateway over the same books for "after a restart".
 */
abstract class SimulatedGatewayBooksCases {

	static final Money TOTAL = Money.of("39.98");

	/** The gateway under test, healthy. */
	abstract SimulatedPaymentGateway gateway();

	/** Another instance, or this one restarted: its own settings and counts, the same books. */
	abstract SimulatedPaymentGateway restartedOverTheSameBooks();

	@Test
	void aRepeatedAuthorizationReturnsTheFirstAnswerAndChargesOnce() {
		String orderId = newOrderId();
		Authorization first = gateway().authorize(orderId, "tok_declined", TOTAL);

		assertThat(gateway().authorize(orderId, "tok_declined", TOTAL)).isEqualTo(first);
	}

	@Test
	void refusesAKeyUsedAgainWithAnotherCardOrAmount() {
		String orderId = newOrderId();
		gateway().authorize(orderId, "tok_declined", TOTAL);

		assertThatThrownBy(() -> gateway().authorize(orderId, "tok_visa", TOTAL))
			.isInstanceOf(IdempotencyKeyReusedException.class)
			.hasMessageContaining("another card")
			.hasMessageNotContaining("tok_");
		assertThatThrownBy(() -> gateway().authorize(orderId, "tok_declined", Money.of("1.00")))
			.isInstanceOf(IdempotencyKeyReusedException.class);
	}

	@Test
	void refusesAKeyUsedAgainForAnotherOperation() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);

		// The charge's key for its refund: a real provider refuses it (one key space per account), never refunds.
		assertThatThrownBy(() -> gateway().refund(orderId, charge.chargeReference(), TOTAL))
			.isInstanceOf(IdempotencyKeyReusedException.class)
			.hasMessageContaining("charge");
		String refundKey = "refund:" + orderId;
		gateway().refund(refundKey, charge.chargeReference(), TOTAL);
		assertThatThrownBy(() -> gateway().authorize(refundKey, "tok_visa", TOTAL))
			.isInstanceOf(IdempotencyKeyReusedException.class);
	}

	@Test
	void refundsAChargeByItsReferenceWithAKeyOfItsOwn() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);

		RefundReceipt refund = gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL);

		assertThat(refund.refundReference()).startsWith("re_");
	}

	@Test
	void refusesToGiveBackMoreThanWasCharged() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> gateway().refund("refund:" + orderId, charge.chargeReference(), Money.of("39.99")));
		gateway().refund("refund:" + orderId, charge.chargeReference(), Money.of("30.00"));
		gateway().refund("second-refund:" + orderId, charge.chargeReference(), Money.of("9.98"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> gateway().refund("third-refund:" + orderId, charge.chargeReference(), Money.of("0.01")))
			.withMessageContaining("cannot give back");
	}

	@Test
	void knowsItsChargesAndTheirAmountsAfterARestart() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);
		SimulatedPaymentGateway restarted = restartedOverTheSameBooks();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> restarted.refund("refund:" + orderId, charge.chargeReference(), Money.of("40.00")));
		assertThat(restarted.refund("refund:" + orderId, charge.chargeReference(), TOTAL).refundReference())
			.startsWith("re_");
	}

	@Test
	void refusesAReferenceItDidNotMakeHoweverWellFormed() {
		String orderId = newOrderId();
		String made = ((Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		String forged = "ch_" + UUID.randomUUID().toString().replace("-", "");

		assertThat(gateway().madeCharge(forged, orderId, TOTAL)).isFalse();
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + newOrderId(), forged, TOTAL))
			.withMessageContaining("No charge");
		assertThat(gateway().madeCharge(made, orderId, TOTAL)).isTrue();
	}

	@Test
	void confirmsAChargeItMadeWithThatKeyAndAmountOnlyAndMakesNone() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);

		assertThat(gateway().madeCharge(charge.chargeReference(), orderId, TOTAL)).isTrue();
		assertThat(restartedOverTheSameBooks().madeCharge(charge.chargeReference(), orderId, TOTAL))
			.as("after a restart")
			.isTrue();
		assertThat(gateway().madeCharge(charge.chargeReference(), newOrderId(), TOTAL)).as("another order's").isFalse();
		assertThat(gateway().madeCharge(charge.chargeReference(), orderId, Money.of("39.99"))).isFalse();
		assertThat(gateway().madeCharge("ch_found_at_the_provider", orderId, TOTAL)).isFalse();
		assertThat(gateway().madeCharge(null, orderId, TOTAL)).isFalse();
		assertThat(gateway().authorize(orderId, "tok_visa", TOTAL)).as("charged once").isEqualTo(charge);
	}

	@Test
	void refusesARefundForGoodAsARefusalNotAnOutage() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);
		gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL);
		gateway().forgetKey("refund:" + orderId);

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL))
			.withMessageContaining("cannot give back");
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + orderId, "ch_unknown", TOTAL));
	}

	@Test
	void confirmsARefundItMadeWithThatKeyChargeAndAmountOnlyAndMakesNone() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);
		String key = "refund:" + orderId;
		RefundReceipt refund = gateway().refund(key, charge.chargeReference(), TOTAL);

		assertThat(gateway().madeRefund(refund.refundReference(), key, charge.chargeReference(), TOTAL)).isTrue();
		assertThat(restartedOverTheSameBooks().madeRefund(refund.refundReference(), key, charge.chargeReference(),
				TOTAL))
			.as("after a restart")
			.isTrue();
		assertThat(gateway().madeRefund(refund.refundReference(), "refund:" + newOrderId(), charge.chargeReference(),
				TOTAL)).as("another order's").isFalse();
		assertThat(gateway().madeRefund(refund.refundReference(), key, charge.chargeReference(), Money.of("9.99")))
			.isFalse();
		assertThat(gateway().madeRefund(refund.refundReference(), key, "ch_unknown", TOTAL)).isFalse();
		assertThat(gateway().madeRefund("re_found_at_the_provider", key, charge.chargeReference(), TOTAL)).isFalse();
		assertThat(gateway().madeRefund(null, key, charge.chargeReference(), TOTAL)).isFalse();
		assertThat(gateway().refund(key, charge.chargeReference(), TOTAL)).as("refunded once").isEqualTo(refund);
	}

	@Test
	void confirmsARefundMadeByHandUnderAnyKeyOfThatChargeAndAmountOnlyAndMakesNone() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);
		RefundReceipt byHand = gateway().refund("dashboard-" + newOrderId(), charge.chargeReference(), TOTAL);

		assertThat(gateway().madeRefundUnderAnyKey(byHand.refundReference(), charge.chargeReference(), TOTAL)).isTrue();
		assertThat(restartedOverTheSameBooks().madeRefundUnderAnyKey(byHand.refundReference(), charge.chargeReference(),
				TOTAL))
			.as("after a restart")
			.isTrue();
		String forged = "re_" + UUID.randomUUID().toString().replace("-", "");
		assertThat(gateway().madeRefundUnderAnyKey(forged, charge.chargeReference(), TOTAL))
			.as("well-formed, never made")
			.isFalse();
		assertThat(gateway().madeRefund(byHand.refundReference(), "refund:" + orderId, charge.chargeReference(), TOTAL))
			.as("not under the order's key")
			.isFalse();
		String otherCharge = ((Authorization.Approved) gateway().authorize(newOrderId(), "tok_visa", TOTAL))
			.chargeReference();
		assertThat(gateway().madeRefundUnderAnyKey(byHand.refundReference(), otherCharge, TOTAL)).as("another charge's")
			.isFalse();
		assertThat(gateway().madeRefundUnderAnyKey(byHand.refundReference(), charge.chargeReference(),
				Money.of("9.99"))).isFalse();
		assertThat(gateway().madeRefundUnderAnyKey(byHand.refundReference(), "ch_unknown", TOTAL)).isFalse();
		assertThat(gateway().madeRefundUnderAnyKey("re_found_at_the_provider", charge.chargeReference(), TOTAL))
			.isFalse();
		assertThat(gateway().madeRefundUnderAnyKey(null, charge.chargeReference(), TOTAL)).isFalse();
		assertThatExceptionOfType(RefundRefusedException.class).as("refunded once: nothing is left")
			.isThrownBy(() -> gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL));
	}

	/**
	 * Why a refund asked for again under a new key never gives back twice (ADR 45): whatever key gave the charge back
	 * (the order's, a retry's, a person's by hand), a refund under another finds nothing left and is refused; and a new
	 * key after the first was refused as reused gives back once.
	 */
	@Test
	void aRefundUnderANewKeyIsRefusedOnceTheChargeHasNothingLeftWhateverKeyGaveItBack() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);
		gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL);

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + orderId + ":1", charge.chargeReference(), TOTAL))
			.withMessageContaining("cannot give back");

		String reusedOrder = newOrderId();
		Authorization.Approved reused = (Authorization.Approved) gateway().authorize(reusedOrder, "tok_visa", TOTAL);
		gateway().authorize("refund:" + reusedOrder, "tok_visa", Money.of("1.00"));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + reusedOrder, reused.chargeReference(), TOTAL));
		assertThat(gateway().refund("refund:" + reusedOrder + ":1", reused.chargeReference(), TOTAL).refundReference())
			.startsWith("re_");
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + reusedOrder + ":2", reused.chargeReference(), TOTAL));
	}

	/** As its books in PostgreSQL (V10): an order of 0.00 is charged 0.00 and refunded 0.00, never less. */
	@Test
	void aChargeOfNothingIsRefundedWithARefundOfNothingAndNeverLess() {
		Money nothing = Money.of("0.00");
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway().authorize(orderId, "tok_visa", nothing)).chargeReference();

		RefundReceipt refund = gateway().refund("refund:" + orderId, charge, nothing);

		assertThat(gateway().madeRefund(refund.refundReference(), "refund:" + orderId, charge, nothing)).isTrue();
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> gateway().refund("refund:" + orderId + ":1", charge, Money.of("-0.01")));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> gateway().authorize(newOrderId(), "tok_visa", Money.of("-0.01")));
	}

	/**
	 * As a provider's: a key it forgot (a day after it was used) is a new call, so a new charge, though the first
	 * charge's reference was derived from the key (ADR 45, fourth amendment): the second gets a random one.
	 */
	@Test
	void aChargeAskedAgainWithAForgottenKeyIsANewCharge() {
		String orderId = newOrderId();
		Authorization first = gateway().authorize(orderId, "tok_visa", TOTAL);
		gateway().forgetKey(orderId);

		Authorization second = gateway().authorize(orderId, "tok_visa", TOTAL);

		assertThat(second).isInstanceOf(Authorization.Approved.class).isNotEqualTo(first);
		String secondCharge = ((Authorization.Approved) second).chargeReference();
		assertThat(secondCharge).matches("ch_[0-9a-f]{32}");
		assertThat(gateway().madeCharge(((Authorization.Approved) first).chargeReference(), orderId, TOTAL)).isTrue();
		assertThat(gateway().madeCharge(secondCharge, orderId, TOTAL)).isTrue();
		assertThat(gateway().authorize(orderId, "tok_visa", TOTAL)).isEqualTo(second);
		gateway().refund("refund:" + orderId, secondCharge, TOTAL);
		assertThat(gateway().refund("refund:" + orderId + ":1", ((Authorization.Approved) first).chargeReference(),
				TOTAL).refundReference()).as("two charges, each refundable").startsWith("re_");
	}

	/**
	 * ADR 45's fourth amendment. The previous release kept no books: it answered a key with the reference it derived
	 * from the key and amount. A charge it made whose answer was not recorded before the upgrade (ADR 42's attempt
	 * still pending) is asked again here, under the same key, by the sweep or a delivery. It lands on that charge:
	 * one charge, its reference, booked under its key, and refunded once. Before, the books had no row for the key,
	 * and the retry charged the card a second time under a random reference.
	 */
	@Test
	void aChargeThePreviousReleaseMadeAskedAgainAfterTheUpgradeIsThatChargeNotASecond() {
		String orderId = newOrderId();
		String chargedByThePreviousRelease = previousReleaseCharge(orderId, TOTAL);

		Authorization retried = gateway().authorize(orderId, "tok_visa", TOTAL);

		assertThat(retried).isEqualTo(new Authorization.Approved(chargedByThePreviousRelease));
		assertThat(restartedOverTheSameBooks().authorize(orderId, "tok_visa", TOTAL)).as("asked again: the same")
			.isEqualTo(retried);
		assertThat(gateway().madeCharge(chargedByThePreviousRelease, orderId, TOTAL)).as("booked under its key")
			.isTrue();
		assertThatExceptionOfType(IdempotencyKeyReusedException.class).as("another card: refused, as before")
			.isThrownBy(() -> gateway().authorize(orderId, "tok_mastercard", TOTAL));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class).as("another amount: refused, as before")
			.isThrownBy(() -> gateway().authorize(orderId, "tok_visa", Money.of("39.99")));
		String refundKey = "refund:" + orderId;
		RefundReceipt refund = restartedOverTheSameBooks().refund(refundKey, chargedByThePreviousRelease, TOTAL);
		assertThat(gateway().refund(refundKey, chargedByThePreviousRelease, TOTAL)).isEqualTo(refund);
		assertThat(gateway().madeRefund(refund.refundReference(), refundKey, chargedByThePreviousRelease, TOTAL))
			.isTrue();
		assertThatExceptionOfType(RefundRefusedException.class).as("given back once")
			.isThrownBy(() -> gateway().refund(refundKey + ":1", chargedByThePreviousRelease, Money.of("0.01")))
			.withMessageContaining("cannot give back");
	}

	/**
	 * A charge of the previous release that a refund adopted (no key) is the one that release answered its key with:
	 * asked under that key, the books answer it and give it the key; nothing more is charged, and what was given back
	 * stays given back.
	 */
	@Test
	void aChargeOfThePreviousReleaseAdoptedByARefundIsItsKeysAnswerNotASecondCharge() {
		String orderId = newOrderId();
		String sealed = previousReleaseCharge(orderId, TOTAL);
		gateway().refund("refund:" + orderId, sealed, Money.of("30.00"));

		assertThat(restartedOverTheSameBooks().authorize(orderId, "tok_visa", TOTAL))
			.isEqualTo(new Authorization.Approved(sealed));
		assertThat(gateway().madeCharge(sealed, orderId, TOTAL)).as("its key known now").isTrue();
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + orderId + ":1", sealed, TOTAL))
			.withMessageContaining("cannot give back");
		assertThat(gateway().refund("refund:" + orderId + ":2", sealed, Money.of("9.98")).refundReference())
			.startsWith("re_");
	}

	@Test
	void refundsAChargeOnceWhateverTheRetries() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);

		RefundReceipt refund = gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL);

		assertThat(refund.refundReference()).startsWith("re_");
		assertThat(gateway().refund("refund:" + orderId, charge.chargeReference(), TOTAL)).isEqualTo(refund);
	}

	@Test
	void refusesToRefundWhatItNeverCharged() {
		String orderId = newOrderId();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> gateway().refund("refund:" + orderId, "ch_unknown", TOTAL));
	}

	@Test
	void refusesARefundInAnotherCurrencyThanItsCharge() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund("refund:" + orderId, charge.chargeReference(),
					new Money(TOTAL.amount(), "EUR")))
			.withMessageContaining("is in USD, not EUR");
		assertThat(gateway().refund("refund:" + orderId + ":1", charge.chargeReference(), TOTAL).refundReference())
			.as("nothing was given back")
			.startsWith("re_");
	}

	/** A refusal writes nothing: the key gets the next call's answer, as if never used. */
	@Test
	void aRefusedRefundLeavesItsKeyUnused() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway().authorize(orderId, "tok_visa", TOTAL);
		String key = "refund:" + orderId;

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund(key, charge.chargeReference(), Money.of("39.99")));
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund(key, "ch_" + UUID.randomUUID().toString().replace("-", ""), TOTAL));

		RefundReceipt refund = restartedOverTheSameBooks().refund(key, charge.chargeReference(), TOTAL);
		assertThat(gateway().madeRefund(refund.refundReference(), key, charge.chargeReference(), TOTAL)).isTrue();
		assertThat(gateway().madeRefund(refund.refundReference(), key, charge.chargeReference(), Money.of("39.99")))
			.isFalse();
	}

	@Test
	void confirmsNothingOfReferencesItNeverGave() {
		String orderId = newOrderId();
		String unknownCharge = "ch_" + UUID.randomUUID().toString().replace("-", "");
		String unknownRefund = "re_" + UUID.randomUUID().toString().replace("-", "");

		assertThat(gateway().madeCharge(unknownCharge, orderId, TOTAL)).isFalse();
		assertThat(gateway().madeRefund(unknownRefund, "refund:" + orderId, unknownCharge, TOTAL)).isFalse();
		assertThat(gateway().madeRefundUnderAnyKey(unknownRefund, unknownCharge, TOTAL)).isFalse();
		assertThat(gateway().madeCharge(previousReleaseCharge(orderId, TOTAL), orderId, TOTAL))
			.as("a sealed reference of the previous release: not in the books")
			.isFalse();
		assertThat(gateway().madeCharge("ch_found_at_the_provider", orderId, TOTAL)).isFalse();
	}

	/** Its books adopt a charge of the release before them when a refund names it, and give it back once. */
	@Test
	void aChargeOfThePreviousReleaseIsAdoptedByItsRefundOnly() {
		String orderId = newOrderId();
		String sealed = previousReleaseCharge(orderId, TOTAL);
		String key = "refund:" + orderId;

		assertThatExceptionOfType(RefundRefusedException.class).as("more than it says: refused, nor adopted")
			.isThrownBy(() -> gateway().refund(key, sealed, Money.of("39.99")));
		RefundReceipt refund = gateway().refund(key, sealed, Money.of("30.00"));

		assertThat(restartedOverTheSameBooks().refund(key + ":1", sealed, Money.of("9.98")).refundReference())
			.startsWith("re_");
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway().refund(key + ":2", sealed, Money.of("0.01")))
			.withMessageContaining("cannot give back");
		assertThat(gateway().madeRefund(refund.refundReference(), key, sealed, Money.of("30.00"))).isTrue();
		assertThat(gateway().madeCharge(sealed, orderId, TOTAL)).as("no key confirms it").isFalse();
	}

	/** The reference the release before the books gave a charge: its amount and a seal over it (its scheme). */
	static String previousReleaseCharge(String idempotencyKey, Money amount) {
		String charge = "%s_%s_%s".formatted(derivedId("charge:" + idempotencyKey), amount.amount().toPlainString(),
				amount.currency());
		return "ch_" + charge + "_" + derivedId("simulated-gateway-seal:" + charge).substring(0, 12);
	}

	static String derivedId(String seed) {
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
	}

	static String newOrderId() {
		return UUID.randomUUID().toString();
	}
}
