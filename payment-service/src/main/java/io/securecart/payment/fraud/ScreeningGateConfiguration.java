package io.securecart.payment.fraud;

import io.securecart.platform.messaging.ListenerGate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Few screenings at once ({@code securecart.fraud.screening-concurrency}, ADR 40): one customer's orders are screened
 * one at a time, and each waits for the customer's lock inside its transaction, holding a pooled connection. A burst
 * of one customer's high-value orders waits in the queue, not on connections the other listeners and the API need.
 */
@Configuration(proxyBeanMethods = false)
class ScreeningGateConfiguration {

	@Bean
	ListenerGate fraudScreeningGate(FraudScreeningProperties properties) {
		return new ListenerGate(FraudScreeningListener.ID, properties::screeningConcurrency);
	}
}
