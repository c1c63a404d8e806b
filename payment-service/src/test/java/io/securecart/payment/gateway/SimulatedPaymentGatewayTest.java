package io.securecart.payment.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.IntStream;

import io.securecart.contracts.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the simulated provider answers, over books in memory ({@link InMemorySimulatedGatewayLedger}); that its books
 * in PostgreSQL answer the same across instances and restarts, {@code SimulatedPaymentGatewayIT} proves.
 */
class SimulatedPaymentGatewayTest {

	private static final Money TOTAL = Money.of("39.98");

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC);

	private final InMemorySimulatedGatewayLedger ledger = new InMemorySimulatedGatewayLedger();

	private final SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(GatewaySettings.healthy(), ledger,
			CLOCK);

	@ParameterizedTest
	@ValueSource(strings = { "tok_visa", "tok_mastercard", "tok_amex_4242" })
	void approvesWellFormedTokens(String token) {
		String orderId = newOrderId();

		Authorization authorization = gateway.authorize(orderId, token, TOTAL);

		assertThat(authorization).isInstanceOf(Authorization.Approved.class);
		String charge = ((Authorization.Approved) authorization).chargeReference();
		assertThat(charge).matches("ch_[0-9a-f]{32}");
		assertThat(gateway.madeCharge(charge, orderId, TOTAL)).as("in its books").isTrue();
	}

	@ParameterizedTest
	@CsvSource({ "tok_declined, card_declined", "tok_insufficient_funds, insufficient_funds",
			"4111111111111111, invalid_token", "tok_, invalid_token", "tok_has spaces, invalid_token" })
	void declinesByToken(String token, String reason) {
		assertThat(gateway.authorize(newOrderId(), token, TOTAL)).isEqualTo(new Authorization.Declined(reason));
	}

	@ParameterizedTest
	@NullAndEmptySource
	void declinesAMissingToken(String token) {
		assertThat(gateway.authorize(newOrderId(), token, TOTAL))
			.isEqualTo(new Authorization.Declined("invalid_token"));
	}

	@Test
	void aFlakyCardFailsTwicePerOrderThenApproves() {
		String order = newOrderId();
		String otherOrder = newOrderId();

		assertThatThrownBy(() -> gateway.authorize(order, "tok_flaky", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
		assertThatThrownBy(() -> gateway.authorize(otherOrder, "tok_flaky", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
		assertThatThrownBy(() -> gateway.authorize(order, "tok_flaky", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);

		assertThat(gateway.authorize(order, "tok_flaky", TOTAL)).isInstanceOf(Authorization.Approved.class);
		assertThatThrownBy(() -> gateway.authorize(otherOrder, "tok_flaky", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
		assertThat(gateway.authorize(otherOrder, "tok_flaky", TOTAL)).isInstanceOf(Authorization.Approved.class);
	}

	@Test
	void aRepeatedAuthorizationReturnsTheFirstAnswerAndChargesOnce() {
		String orderId = newOrderId();
		Authorization first = gateway.authorize(orderId, "tok_declined", TOTAL);

		assertThat(gateway.authorize(orderId, "tok_declined", TOTAL)).isEqualTo(first);
	}

	@Test
	void refusesAKeyUsedAgainWithAnotherCardOrAmount() {
		String orderId = newOrderId();
		gateway.authorize(orderId, "tok_declined", TOTAL);

		assertThatThrownBy(() -> gateway.authorize(orderId, "tok_visa", TOTAL))
			.isInstanceOf(IdempotencyKeyReusedException.class)
			.hasMessageContaining("another card")
			.hasMessageNotContaining("tok_");
		assertThatThrownBy(() -> gateway.authorize(orderId, "tok_declined", Money.of("1.00")))
			.isInstanceOf(IdempotencyKeyReusedException.class);
	}

	@Test
	void refusesAKeyUsedAgainForAnotherOperation() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);

		// The charge's key for its refund: a real provider refuses it (one key space per account), never refunds.
		assertThatThrownBy(() -> gateway.refund(orderId, charge.chargeReference(), TOTAL))
			.isInstanceOf(IdempotencyKeyReusedException.class)
			.hasMessageContaining("charge");
		String refundKey = "refund:" + orderId;
		gateway.refund(refundKey, charge.chargeReference(), TOTAL);
		assertThatThrownBy(() -> gateway.authorize(refundKey, "tok_visa", TOTAL))
			.isInstanceOf(IdempotencyKeyReusedException.class);
	}

	@Test
	void refundsAChargeByItsReferenceWithAKeyOfItsOwn() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);

		RefundReceipt refund = gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL);

		assertThat(refund.refundReference()).startsWith("re_");
	}

	@Test
	void refusesToGiveBackMoreThanWasCharged() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> gateway.refund("refund:" + orderId, charge.chargeReference(), Money.of("39.99")));
		gateway.refund("refund:" + orderId, charge.chargeReference(), Money.of("30.00"));
		gateway.refund("second-refund:" + orderId, charge.chargeReference(), Money.of("9.98"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> gateway.refund("third-refund:" + orderId, charge.chargeReference(), Money.of("0.01")))
			.withMessageContaining("cannot give back");
	}

	@Test
	void knowsItsChargesAndTheirAmountsAfterARestart() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);
		SimulatedPaymentGateway restarted = restartedOverTheSameBooks();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> restarted.refund("refund:" + orderId, charge.chargeReference(), Money.of("40.00")));
		assertThat(restarted.refund("refund:" + orderId, charge.chargeReference(), TOTAL).refundReference())
			.startsWith("re_");
	}

	@Test
	void refusesAReferenceItDidNotMakeHoweverWellFormed() {
		String orderId = newOrderId();
		String made = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		String forged = "ch_" + UUID.randomUUID().toString().replace("-", "");

		assertThat(gateway.madeCharge(forged, orderId, TOTAL)).isFalse();
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + newOrderId(), forged, TOTAL))
			.withMessageContaining("No charge");
		assertThat(gateway.madeCharge(made, orderId, TOTAL)).isTrue();
	}

	@Test
	void confirmsAChargeItMadeWithThatKeyAndAmountOnlyAndMakesNone() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);

		assertThat(gateway.madeCharge(charge.chargeReference(), orderId, TOTAL)).isTrue();
		assertThat(restartedOverTheSameBooks().madeCharge(charge.chargeReference(), orderId, TOTAL))
			.as("after a restart")
			.isTrue();
		assertThat(gateway.madeCharge(charge.chargeReference(), newOrderId(), TOTAL)).as("another order's").isFalse();
		assertThat(gateway.madeCharge(charge.chargeReference(), orderId, Money.of("39.99"))).isFalse();
		assertThat(gateway.madeCharge("ch_found_at_the_provider", orderId, TOTAL)).isFalse();
		assertThat(gateway.madeCharge(null, orderId, TOTAL)).isFalse();
		assertThat(gateway.authorize(orderId, "tok_visa", TOTAL)).as("charged once").isEqualTo(charge);
	}

	@Test
	void refusesARefundForGoodAsARefusalNotAnOutage() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);
		gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL);
		gateway.forgetKey("refund:" + orderId);

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL))
			.withMessageContaining("cannot give back");
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + orderId, "ch_unknown", TOTAL));
	}

	@Test
	void confirmsARefundItMadeWithThatKeyChargeAndAmountOnlyAndMakesNone() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);
		String key = "refund:" + orderId;
		RefundReceipt refund = gateway.refund(key, charge.chargeReference(), TOTAL);

		assertThat(gateway.madeRefund(refund.refundReference(), key, charge.chargeReference(), TOTAL)).isTrue();
		assertThat(restartedOverTheSameBooks().madeRefund(refund.refundReference(), key, charge.chargeReference(),
				TOTAL))
			.as("after a restart")
			.isTrue();
		assertThat(gateway.madeRefund(refund.refundReference(), "refund:" + newOrderId(), charge.chargeReference(),
				TOTAL)).as("another order's").isFalse();
		assertThat(gateway.madeRefund(refund.refundReference(), key, charge.chargeReference(), Money.of("9.99")))
			.isFalse();
		assertThat(gateway.madeRefund(refund.refundReference(), key, "ch_unknown", TOTAL)).isFalse();
		assertThat(gateway.madeRefund("re_found_at_the_provider", key, charge.chargeReference(), TOTAL)).isFalse();
		assertThat(gateway.madeRefund(null, key, charge.chargeReference(), TOTAL)).isFalse();
		assertThat(gateway.refund(key, charge.chargeReference(), TOTAL)).as("refunded once").isEqualTo(refund);
	}

	@Test
	void confirmsARefundMadeByHandUnderAnyKeyOfThatChargeAndAmountOnlyAndMakesNone() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);
		RefundReceipt byHand = gateway.refund("dashboard-" + newOrderId(), charge.chargeReference(), TOTAL);

		assertThat(gateway.madeRefundUnderAnyKey(byHand.refundReference(), charge.chargeReference(), TOTAL)).isTrue();
		assertThat(restartedOverTheSameBooks().madeRefundUnderAnyKey(byHand.refundReference(), charge.chargeReference(),
				TOTAL))
			.as("after a restart")
			.isTrue();
		String forged = "re_" + UUID.randomUUID().toString().replace("-", "");
		assertThat(gateway.madeRefundUnderAnyKey(forged, charge.chargeReference(), TOTAL)).as("well-formed, never made")
			.isFalse();
		assertThat(gateway.madeRefund(byHand.refundReference(), "refund:" + orderId, charge.chargeReference(), TOTAL))
			.as("not under the order's key")
			.isFalse();
		String otherCharge = ((Authorization.Approved) gateway.authorize(newOrderId(), "tok_visa", TOTAL))
			.chargeReference();
		assertThat(gateway.madeRefundUnderAnyKey(byHand.refundReference(), otherCharge, TOTAL)).as("another charge's")
			.isFalse();
		assertThat(gateway.madeRefundUnderAnyKey(byHand.refundReference(), charge.chargeReference(),
				Money.of("9.99"))).isFalse();
		assertThat(gateway.madeRefundUnderAnyKey(byHand.refundReference(), "ch_unknown", TOTAL)).isFalse();
		assertThat(gateway.madeRefundUnderAnyKey("re_found_at_the_provider", charge.chargeReference(), TOTAL))
			.isFalse();
		assertThat(gateway.madeRefundUnderAnyKey(null, charge.chargeReference(), TOTAL)).isFalse();
		assertThatExceptionOfType(RefundRefusedException.class).as("refunded once: nothing is left")
			.isThrownBy(() -> gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL));
	}

	/**
	 * Why a refund asked for again under a new key never gives back twice (ADR 45): whatever key gave the charge back
	 * (the order's, a retry's, a person's by hand), a refund under another finds nothing left and is refused; and a new
	 * key after the first was refused as reused gives back once.
	 */
	@Test
	void aRefundUnderANewKeyIsRefusedOnceTheChargeHasNothingLeftWhateverKeyGaveItBack() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);
		gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL);

		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + orderId + ":1", charge.chargeReference(), TOTAL))
			.withMessageContaining("cannot give back");

		String reusedOrder = newOrderId();
		Authorization.Approved reused = (Authorization.Approved) gateway.authorize(reusedOrder, "tok_visa", TOTAL);
		gateway.authorize("refund:" + reusedOrder, "tok_visa", Money.of("1.00"));
		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + reusedOrder, reused.chargeReference(), TOTAL));
		assertThat(gateway.refund("refund:" + reusedOrder + ":1", reused.chargeReference(), TOTAL).refundReference())
			.startsWith("re_");
		assertThatExceptionOfType(RefundRefusedException.class)
			.isThrownBy(() -> gateway.refund("refund:" + reusedOrder + ":2", reused.chargeReference(), TOTAL));
	}

	/** As its books in PostgreSQL (V10): an order of 0.00 is charged 0.00 and refunded 0.00, never less. */
	@Test
	void aChargeOfNothingIsRefundedWithARefundOfNothingAndNeverLess() {
		Money nothing = Money.of("0.00");
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", nothing)).chargeReference();

		RefundReceipt refund = gateway.refund("refund:" + orderId, charge, nothing);

		assertThat(gateway.madeRefund(refund.refundReference(), "refund:" + orderId, charge, nothing)).isTrue();
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> gateway.refund("refund:" + orderId + ":1", charge, Money.of("-0.01")));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> gateway.authorize(newOrderId(), "tok_visa", Money.of("-0.01")));
	}

	@Test
	void cannotConfirmAChargeDuringAnOutage() {
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		gateway.apply(new GatewaySettings(true, Duration.ZERO, 0.0));

		assertThatThrownBy(() -> gateway.madeCharge(charge, orderId, TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
	}

	/** As a provider's: a key it forgot (a day after it was used) is a new call, so a new charge. */
	@Test
	void aChargeAskedAgainWithAForgottenKeyIsANewCharge() {
		String orderId = newOrderId();
		Authorization first = gateway.authorize(orderId, "tok_visa", TOTAL);
		gateway.forgetKey(orderId);

		Authorization second = gateway.authorize(orderId, "tok_visa", TOTAL);

		assertThat(second).isInstanceOf(Authorization.Approved.class).isNotEqualTo(first);
		assertThat(gateway.madeCharge(((Authorization.Approved) first).chargeReference(), orderId, TOTAL)).isTrue();
		assertThat(gateway.authorize(orderId, "tok_visa", TOTAL)).isEqualTo(second);
	}

	@Test
	void countsTheAttemptsOfTheLastKeysOnly() {
		gateway.apply(new GatewaySettings(false, Duration.ZERO, 1.0));
		for (int order = 0; order < SimulatedPaymentGateway.COUNTED_KEYS + 500; order++) {
			String orderId = newOrderId();
			assertThatThrownBy(() -> gateway.authorize(orderId, "tok_visa", TOTAL))
				.isInstanceOf(GatewayUnavailableException.class);
		}

		assertThat(gateway.countedKeys()).isEqualTo(SimulatedPaymentGateway.COUNTED_KEYS);
	}

	@Test
	void aFlakyCardsChargeAskedAgainGetsItsFirstAnswerWithoutFailing() {
		String orderId = newOrderId();
		SimulatedPaymentGateway first = gateway;
		assertThatThrownBy(() -> first.authorize(orderId, "tok_flaky", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
		assertThatThrownBy(() -> first.authorize(orderId, "tok_flaky", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
		Authorization charged = first.authorize(orderId, "tok_flaky", TOTAL);

		assertThat(restartedOverTheSameBooks().authorize(orderId, "tok_flaky", TOTAL)).isEqualTo(charged);
		assertThat(first.authorize(orderId, "tok_flaky", TOTAL)).isEqualTo(charged);
	}

	@Test
	void refundsAChargeOnceWhateverTheRetries() {
		String orderId = newOrderId();
		Authorization.Approved charge = (Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL);

		RefundReceipt refund = gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL);

		assertThat(refund.refundReference()).startsWith("re_");
		assertThat(gateway.refund("refund:" + orderId, charge.chargeReference(), TOTAL)).isEqualTo(refund);
	}

	@Test
	void refusesToRefundWhatItNeverCharged() {
		String orderId = newOrderId();

		assertThatIllegalArgumentException().isThrownBy(() -> gateway.refund("refund:" + orderId, "ch_unknown", TOTAL));
	}

	@Test
	void failsEveryCallDuringAnOutageAndAnswersAgainAfterIt() {
		String orderId = newOrderId();
		gateway.apply(new GatewaySettings(true, Duration.ZERO, 0.0));

		assertThatThrownBy(() -> gateway.authorize(orderId, "tok_visa", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class)
			.hasMessageContaining("outage");
		assertThatThrownBy(() -> gateway.refund("refund:" + orderId, "ch_any", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);

		gateway.apply(GatewaySettings.healthy());
		assertThat(gateway.authorize(orderId, "tok_visa", TOTAL)).isInstanceOf(Authorization.Approved.class);
	}

	@Test
	void failsEveryCallAtATransientFailureRateOfOne() {
		gateway.apply(new GatewaySettings(false, Duration.ZERO, 1.0));

		assertThatThrownBy(() -> gateway.authorize(newOrderId(), "tok_visa", TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
	}

	@Test
	void failsTheConfiguredShareOfCallsTheSameWayEveryRun() {
		var keys = IntStream.range(0, 2000).mapToObj(i -> "authorize:order-" + i).toList();

		long failed = keys.stream().filter(key -> SimulatedPaymentGateway.failsTransiently(key, 1, 0.2)).count();
		var firstRun = keys.stream().map(key -> SimulatedPaymentGateway.failsTransiently(key, 1, 0.2)).toList();
		var secondRun = keys.stream().map(key -> SimulatedPaymentGateway.failsTransiently(key, 1, 0.2)).toList();

		assertThat(failed).isBetween(300L, 500L);
		assertThat(secondRun).isEqualTo(firstRun);
		assertThat(keys).noneMatch(key -> SimulatedPaymentGateway.failsTransiently(key, 1, 0.0));
	}

	@Test
	void addsTheConfiguredLatency() {
		gateway.apply(new GatewaySettings(false, Duration.ofMillis(200), 0.0));
		long started = System.nanoTime();

		gateway.authorize(newOrderId(), "tok_visa", TOTAL);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void rejectsSettingsOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GatewaySettings(false, Duration.ZERO, 1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new GatewaySettings(false, Duration.ofSeconds(-1), 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new GatewaySettings(false, null, 0));
	}

	/** Another instance, or this one restarted: its own settings and counts, the same books. */
	private SimulatedPaymentGateway restartedOverTheSameBooks() {
		return new SimulatedPaymentGateway(GatewaySettings.healthy(), ledger, CLOCK);
	}

	private static String newOrderId() {
		return UUID.randomUUID().toString();
	}
}
