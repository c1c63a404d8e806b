package io.securecart.payment.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the simulated provider answers, over books in memory ({@link InMemorySimulatedGatewayLedger}): by token, its
 * settings, and (the cases it shares with {@code SimulatedPaymentGatewayIT}, over PostgreSQL's) its books.
 */
class SimulatedPaymentGatewayTest extends SimulatedGatewayBooksCases {

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
		assertThat(charge).as("for this release, the previous release's reference of that key and amount")
			.isEqualTo(previousReleaseCharge(orderId, TOTAL));
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
	void cannotConfirmAChargeDuringAnOutage() {
		String orderId = newOrderId();
		String charge = ((Authorization.Approved) gateway.authorize(orderId, "tok_visa", TOTAL)).chargeReference();
		gateway.apply(new GatewaySettings(true, Duration.ZERO, 0.0));

		assertThatThrownBy(() -> gateway.madeCharge(charge, orderId, TOTAL))
			.isInstanceOf(GatewayUnavailableException.class);
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

	@Override
	SimulatedPaymentGateway gateway() {
		return gateway;
	}

	@Override
	SimulatedPaymentGateway restartedOverTheSameBooks() {
		return new SimulatedPaymentGateway(GatewaySettings.healthy(), ledger, CLOCK);
	}
}
