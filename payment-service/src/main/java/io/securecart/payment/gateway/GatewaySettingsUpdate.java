package io.securecart.payment.gateway;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The body of {@code PUT /api/admin/gateway}. A field left out keeps its current value, so
 * {@code {"outage": true}} is enough to start an outage.
 */
record GatewaySettingsUpdate(Boolean outage, @DurationMin(millis = 0) @DurationMax(seconds = 60) Duration latency,
		@DecimalMin("0.0") @DecimalMax("1.0") Double transientFailureRate) {

	GatewaySettings applyTo(GatewaySettings current) {
		return new GatewaySettings(outage != null ? outage : current.outage(),
				latency != null ? latency : current.latency(),
				transientFailureRate != null ? transientFailureRate : current.transientFailureRate());
	}
}
