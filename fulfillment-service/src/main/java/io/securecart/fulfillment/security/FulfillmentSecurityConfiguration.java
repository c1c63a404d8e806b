package io.securecart.fulfillment.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may call fulfillment: customers read their own shipments, admins everyone's. */
@Configuration(proxyBeanMethods = false)
public class FulfillmentSecurityConfiguration {

	@Bean
	EndpointRules fulfillmentEndpoints() {
		return rules -> rules.requestMatchers(HttpMethod.GET, "/api/shipments").hasAnyRole(Roles.CUSTOMER, Roles.ADMIN);
	}
}
