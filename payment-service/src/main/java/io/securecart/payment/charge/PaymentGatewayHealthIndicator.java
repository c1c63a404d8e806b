package io.securecart.payment.charge;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.payment.gateway.GatewayClient;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code paymentGateway} in {@code /actuator/health}: the gateway's circuit breaker, and whether the listeners that
 * need the gateway are paused because of it. OUT_OF_SERVICE while the circuit is open: orders are not lost, they
 * wait in {@code orders.fifo}, and this says why the listeners are stopped.
 */
@Component
class PaymentGatewayHealthIndicator extends AbstractHealthIndicator {

	private final CircuitBreaker circuitBreaker;

	private final GatewayListenerPause pause;

	PaymentGatewayHealthIndicator(CircuitBreakerRegistry circuitBreakers, GatewayListenerPause pause) {
		this.circuitBreaker = circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);
		this.pause = pause;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CircuitBreaker.Metrics metrics = circuitBreaker.getMetrics();
		builder.status(pause.pausesListeners() ? Status.OUT_OF_SERVICE : Status.UP)
			.withDetail("circuitBreaker", circuitBreaker.getState().name())
			.withDetail("failureRatePercent", metrics.getFailureRate())
			.withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
			.withDetail("failedCalls", metrics.getNumberOfFailedCalls())
			.withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
		if (pause.pausesListeners()) {
			builder.withDetail("pausedListeners", pause.listenerIds())
				.withDetail("reason", "The payment gateway is failing; its messages wait in their queues and are "
						+ "processed when the circuit closes");
		}
	}
}
