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
 * need the gateway are paused because of it. {@value #DEGRADED_CODE} while the circuit is open: orders are not lost,
 * they wait in {@code orders.fifo}, and this says why the listeners are stopped. Not an outage of this service: it
 * answers 200 (application.yml), so a load balancer does not replace the instance for its gateway's outage, which a
 * new instance would not mend.
 */
@Component
class PaymentGatewayHealthIndicator extends AbstractHealthIndicator {

	static final String DEGRADED_CODE = "DEGRADED";

	static final Status DEGRADED = new Status(DEGRADED_CODE, "The payment gateway is failing");

	private final CircuitBreaker circuitBreaker;

	private final GatewayListenerPause pause;

	PaymentGatewayHealthIndicator(CircuitBreakerRegistry circuitBreakers, GatewayListenerPause pause) {
		this.circuitBreaker = circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);
		this.pause = pause;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CircuitBreaker.Metrics metrics = circuitBreaker.getMetrics();
		builder.status(pause.pausesListeners() ? DEGRADED : Status.UP)
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
