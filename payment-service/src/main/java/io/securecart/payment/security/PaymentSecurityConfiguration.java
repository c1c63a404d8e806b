package io.securecart.payment.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;
import io.securecart.platform.security.ServiceClients;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call payment. Customers read their own payments, admins everyone's; the gateway settings and the
 * settlement of a charge set aside for reconciliation are under {@code /api/admin/**} (admins, by the platform's
 * rule). Authorising a payment over HTTP is for checkout's own
 * identity alone, and that endpoint exists only when checkout runs coupled.
 */
@Configuration(proxyBeanMethods = false)
public class PaymentSecurityConfiguration {

	static final String CHECKOUT_CLIENT = "checkout-service";

	@Bean
	EndpointRules paymentEndpoints() {
		return rules -> rules.requestMatchers(HttpMethod.GET, "/api/payments")
			.hasAnyRole(Roles.CUSTOMER, Roles.ADMIN)
			.requestMatchers(HttpMethod.POST, "/api/payments/authorizations")
			.access(ServiceClients.only(CHECKOUT_CLIENT));
	}
}
