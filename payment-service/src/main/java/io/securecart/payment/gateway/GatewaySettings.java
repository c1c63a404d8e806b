package io.securecart.payment.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated gateway behaves; set at startup here, changed at runtime with {@code PUT /api/admin/gateway}.
 *
 * @param outage while true, every call fails as if the provider were unreachable (for demos of the circuit breaker)
 * @param latency added to every call (for benchmarks; above the time limiter's timeout, calls time out)
 * @param transientFailureRate the share of calls, 0.0 to 1.0, that fail transiently (for chaos tests); which calls
 * fail is a function of the idempotency key and the attempt, so a run can be repeated
 */
@ConfigurationProperties("securecart.payment.gateway")
public record GatewaySettings(@DefaultValue("false") boolean outage, @DefaultValue("0s") Duration latency,
		@DefaultValue("0.0") double transientFailureRate) {

	public GatewaySettings {
		if (latency == null || latency.isNegative()) {
			throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
		}
		if (!(transientFailureRate >= 0.0 && transientFailureRate <= 1.0)) {
			throw new IllegalArgumentException(
					"transientFailureRate must be between 0.0 and 1.0, was " + transientFailureRate);
		}
	}

	public static GatewaySettings healthy() {
		return new GatewaySettings(false, Duration.ZERO, 0.0);
	}
}
