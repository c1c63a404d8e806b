package io.securecart.fulfillment.shipment;

import io.securecart.platform.messaging.ListenerGate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Declares admission's gate, so the platform installs it on the StockReserved listener before listeners start. */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

	@Bean
	ListenerGate stockReservedGate(FulfillmentAdmission admission) {
		return admission.gate();
	}
}
