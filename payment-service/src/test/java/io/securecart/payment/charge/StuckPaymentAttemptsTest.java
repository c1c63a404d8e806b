package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.GatewayUnavailableException;
import io.securecart.payment.gateway.RefundRefusedException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.inOrder;

/**
 * The sweep of pending attempts: the ones old enough, by the service's clock, and a failure never stops the round;
 * those past the provider's key window are set aside, never asked again.
 */
class StuckPaymentAttemptsTest {

	private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

	private static final Duration RESOLVE_AFTER = Duration.ofMinutes(5);

	private static final Duration KEY_WINDOW = Duration.ofHours(23);

	private final PaymentAttemptRepository attempts = mock();

	private final RefundAttemptRepository refundAttempts = mock();

	private final Payments payments = mock();

	private final Refunds refunds = mock();

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	private final StuckPaymentAttempts sweep = new StuckPaymentAttempts(attempts, refundAttempts, payments, refunds,
			new PaymentAttemptProperties(RESOLVE_AFTER, Duration.ofMinutes(1), KEY_WINDOW), circuitBreakers,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void resolvesTheAttemptsPendingLongerThanResolveAfter() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		given(attempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(first, second));
		given(payments.resolve(first)).willReturn(true);

		sweep.resolvePending();

		verify(payments).resolve(first);
		verify(payments).resolve(second);
		verify(attempts, never()).triedAndFailed(first, NOW);
	}

	@Test
	void anAttemptThatFailsGoesToTheBackOfTheLineAndTheRoundGoesOn() {
		UUID refused = UUID.randomUUID();
		UUID next = UUID.randomUUID();
		given(attempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(refused, next));
		willThrow(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("gateway")))
			.given(payments)
			.resolve(refused);

		sweep.resolvePending();

		verify(attempts).triedAndFailed(refused, NOW);
		verify(payments).resolve(next);
		verify(attempts, never()).triedAndFailed(next, NOW);
	}

	@Test
	void waitsWhileTheGatewaysCircuitIsOpen() {
		circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY).transitionToOpenState();

		sweep.resolvePending();

		verify(attempts, never()).findPendingBefore(any());
		verify(payments, never()).resolve(any());
		verify(refundAttempts, never()).findPendingBefore(any());
		verify(refunds, never()).resolveRefund(any());
	}

	@Test
	void resolvesTheRefundsPendingLongerThanResolveAfterAndOneThatFailsGoesToTheBackOfTheLine() {
		UUID refused = UUID.randomUUID();
		UUID next = UUID.randomUUID();
		given(refundAttempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(refused, next));
		willThrow(new GatewayUnavailableException("down")).given(refunds).resolveRefund(refused);
		given(refunds.resolveRefund(next)).willReturn(true);

		sweep.resolvePending();

		verify(refundAttempts).triedAndFailed(refused, NOW);
		verify(refunds).resolveRefund(next);
		verify(refundAttempts, never()).triedAndFailed(next, NOW);
	}

	@Test
	void aRefundTheProviderRefusesForGoodIsNotPutBackInTheLineAndTheRoundGoesOn() {
		UUID refused = UUID.randomUUID();
		UUID next = UUID.randomUUID();
		given(refundAttempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(refused, next));
		// resolveRefund has set it aside (RefundsTest) before it throws the refusal on
		willThrow(new RefundRefusedException("No charge ch_gone to refund")).given(refunds).resolveRefund(refused);

		sweep.resolvePending();

		verify(refundAttempts, never()).triedAndFailed(refused, NOW);
		verify(refunds).resolveRefund(next);
	}

	@Test
	void aRefusedRefundThatCannotBeSetAsideYetGoesToTheBackOfTheLine() {
		UUID refused = UUID.randomUUID();
		given(refundAttempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(refused));
		// the set-aside's transaction failed: what resolveRefund throws is the database's refusal
		willThrow(new IllegalStateException("database refused")).given(refunds).resolveRefund(refused);

		sweep.resolvePending();

		verify(refundAttempts).triedAndFailed(refused, NOW);
	}

	@Test
	void aChargeThatFailsDoesNotStopTheRefunds() {
		UUID stuckCharge = UUID.randomUUID();
		UUID stuckRefund = UUID.randomUUID();
		given(attempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(stuckCharge));
		willThrow(new IllegalStateException("database refused")).given(payments).resolve(stuckCharge);
		given(refundAttempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(stuckRefund));

		sweep.resolvePending();

		verify(refunds).resolveRefund(stuckRefund);
	}

	@Test
	void setsTheAttemptsPastTheirKeyWindowAsideEvenWhileTheCircuitIsOpenAsThatAsksNothingOfTheGateway() {
		UUID expired = UUID.randomUUID();
		given(attempts.findPendingCreatedBefore(NOW.minus(KEY_WINDOW))).willReturn(List.of(expired));
		circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY).transitionToOpenState();

		sweep.resolvePending();

		verify(payments).setAside(expired);
		verify(payments, never()).resolve(any());
	}

	@Test
	void setsExpiredAttemptsAsideBeforeAskingAboutTheOthersAndAFailureStopsNeither() {
		UUID expired = UUID.randomUUID();
		UUID alsoExpired = UUID.randomUUID();
		UUID stuck = UUID.randomUUID();
		given(attempts.findPendingCreatedBefore(NOW.minus(KEY_WINDOW))).willReturn(List.of(expired, alsoExpired));
		willThrow(new IllegalStateException("database refused")).given(payments).setAside(expired);
		given(attempts.findPendingBefore(NOW.minus(RESOLVE_AFTER))).willReturn(List.of(stuck));

		sweep.resolvePending();

		InOrder inOrder = inOrder(payments);
		inOrder.verify(payments).setAside(expired);
		inOrder.verify(payments).setAside(alsoExpired);
		inOrder.verify(payments).resolve(stuck);
	}
}
