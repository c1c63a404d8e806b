package io.securecart.payment.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.securecart.contracts.Money;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The resilience4j configuration of application.yml around the gateway, with the waits shortened: what is retried,
 * what the breaker counts, and that an open breaker keeps calls away from the gateway.
 */
@SpringBootTest(classes = GatewayClientTest.Config.class, properties = {
		"resilience4j.timelimiter.instances.paymentGateway.timeout-duration=200ms",
		"resilience4j.retry.instances.paymentGateway.wait-duration=10ms",
		"resilience4j.circuitbreaker.instances.paymentGateway.wait-duration-in-open-state=1h" })
class GatewayClientTest {

	private static final Money TOTAL = Money.of("39.98");

	@Autowired
	private GatewayClient client;

	@Autowired
	private SimulatedPaymentGateway simulator;

	@Autowired
	private CountingGateway gateway;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	private CircuitBreaker circuitBreaker;

	@BeforeEach
	void reset() {
		simulator.apply(GatewaySettings.healthy());
		circuitBreaker = circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);
		circuitBreaker.reset();
		gateway.calls.set(0);
		gateway.interrupted.set(0);
	}

	@Test
	void aDeclineIsAnAnswerNotRetriedAndNotCountedAsAFailure() {
		Authorization authorization = GatewayClient.await(client.authorize(newOrderId(), "tok_declined", TOTAL));

		assertThat(authorization).isEqualTo(new Authorization.Declined("card_declined"));
		assertThat(gateway.calls).hasValue(1);
		assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void aRefundRefusedForGoodIsNotRetriedAndNotCountedAsAFailure() {
		// Asked again it is refused again, and it says nothing of whether the gateway answers: the circuit stays shut.
		for (int refusal = 0; refusal < 10; refusal++) {
			assertThatExceptionOfType(RefundRefusedException.class)
				.isThrownBy(() -> GatewayClient.await(client.refund("refund:" + newOrderId(), "ch_unknown", TOTAL)));
		}

		assertThat(gateway.calls).hasValue(10);
		assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void retriesTransientFailuresWithTheSameIdempotencyKey() {
		Authorization authorization = GatewayClient.await(client.authorize(newOrderId(), "tok_flaky", TOTAL));

		assertThat(authorization).isInstanceOf(Authorization.Approved.class);
		assertThat(gateway.calls).hasValue(3);
		assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls()).as("absorbed by the retries").isZero();
		assertThat(circuitBreaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void givesUpAfterThreeAttempts() {
		simulator.apply(new GatewaySettings(true, Duration.ZERO, 0.0));

		assertThatThrownBy(() -> GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL)))
			.isInstanceOf(GatewayUnavailableException.class);
		assertThat(gateway.calls).hasValue(3);
	}

	@Test
	void timesOutSlowCallsAndRetriesThem() {
		simulator.apply(new GatewaySettings(false, Duration.ofMillis(500), 0.0));

		assertThatThrownBy(() -> GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL)))
			.isInstanceOf(GatewayUnavailableException.class)
			.hasMessageContaining("in time");
		assertThat(gateway.calls).hasValue(3);
		assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls()).as("one call, three attempts").isEqualTo(1);
	}

	@Test
	void anAttemptThatTimedOutIsInterruptedNotLeftRunningBesideItsRetry() {
		simulator.apply(new GatewaySettings(false, Duration.ofSeconds(5), 0.0));

		assertThatThrownBy(() -> GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL)))
			.isInstanceOf(GatewayUnavailableException.class);

		// Well before the 5 s each attempt would otherwise go on for.
		await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(gateway.interrupted).hasValue(3));
	}

	@Test
	void opensWhenHalfOfTheLastTenCallsFailedAfterTheirRetriesAndThenKeepsCallsAwayFromTheGateway() {
		for (int i = 0; i < 5; i++) {
			GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL));
		}
		simulator.apply(new GatewaySettings(true, Duration.ZERO, 0.0));
		for (int i = 0; i < 4; i++) {
			assertThatThrownBy(() -> GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL)))
				.isInstanceOf(GatewayUnavailableException.class);
		}
		assertThat(circuitBreaker.getState()).as("4 failed calls of 9").isEqualTo(CircuitBreaker.State.CLOSED);

		// The 10th call, after its 3 attempts, is the 5th failure of 10: open.
		assertThatThrownBy(() -> GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL)))
			.isInstanceOf(GatewayUnavailableException.class);
		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(gateway.calls).hasValue(5 + 5 * 3);

		simulator.apply(GatewaySettings.healthy());
		assertThatThrownBy(() -> GatewayClient.await(client.authorize(newOrderId(), "tok_visa", TOTAL)))
			.isInstanceOf(CallNotPermittedException.class);
		assertThatThrownBy(() -> GatewayClient.await(client.refund(newOrderId(), "ch_any", TOTAL)))
			.isInstanceOf(CallNotPermittedException.class);
		assertThat(gateway.calls).as("nothing reaches the gateway while open").hasValue(20);
	}

	private static String newOrderId() {
		return UUID.randomUUID().toString();
	}

	/** Counts the calls that reach the gateway, retries included. */
	static class CountingGateway implements PaymentGateway {

		final AtomicInteger calls = new AtomicInteger();

		/** Authorisations whose thread was interrupted while the gateway worked on them. */
		final AtomicInteger interrupted = new AtomicInteger();

		private final PaymentGateway gateway;

		CountingGateway(PaymentGateway gateway) {
			this.gateway = gateway;
		}

		@Override
		public Authorization authorize(String idempotencyKey, String paymentToken, Money amount) {
			calls.incrementAndGet();
			try {
				return gateway.authorize(idempotencyKey, paymentToken, amount);
			}
			finally {
				if (Thread.currentThread().isInterrupted()) {
					interrupted.incrementAndGet();
				}
			}
		}

		@Override
		public RefundReceipt refund(String idempotencyKey, String chargeReference, Money amount) {
			calls.incrementAndGet();
			return gateway.refund(idempotencyKey, chargeReference, amount);
		}

		@Override
		public boolean madeCharge(String chargeReference, String idempotencyKey, Money amount) {
			calls.incrementAndGet();
			return gateway.madeCharge(chargeReference, idempotencyKey, amount);
		}

		@Override
		public boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference,
				Money amount) {
			calls.incrementAndGet();
			return gateway.madeRefund(refundReference, idempotencyKey, chargeReference, amount);
		}

		@Override
		public boolean madeRefundUnderAnyKey(String refundReference, String chargeReference, Money amount) {
			calls.incrementAndGet();
			return gateway.madeRefundUnderAnyKey(refundReference, chargeReference, amount);
		}

		@Override
		public void probe() {
			calls.incrementAndGet();
			gateway.probe();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
			TimeLimiterAutoConfiguration.class })
	@EnableConfigurationProperties(GatewaySettings.class)
	@Import(GatewayClient.class)
	static class Config {

		@Bean
		SimulatedPaymentGateway simulatedPaymentGateway(GatewaySettings settings) {
			// The books' times only: what the client's time budgets and retries are judged by is not the gateway's clock.
			return new SimulatedPaymentGateway(settings, new InMemorySimulatedGatewayLedger(),
					Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
		}

		@Bean
		@Primary
		CountingGateway countingGateway(SimulatedPaymentGateway simulator) {
			return new CountingGateway(simulator);
		}
	}
}
