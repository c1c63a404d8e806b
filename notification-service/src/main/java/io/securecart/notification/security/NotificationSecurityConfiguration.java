package io.securecart.notification.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call notification: customers read what they were told, admins what everyone was told; customers ask to be
 * told when a product is back in stock.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationSecurityConfiguration {

	@Bean
	EndpointRules notificationEndpoints() {
		return rules -> rules.requestMatchers(HttpMethod.GET, "/api/notifications")
			.hasAnyRole(Roles.CUSTOMER, Roles.ADMIN)
			// A customer's own back-in-stock requests (ADR 15); nobody else's, not even an admin's.
			.requestMatchers(HttpMethod.PUT, "/api/back-in-stock-requests/*")
			.hasRole(Roles.CUSTOMER)
			.requestMatchers(HttpMethod.GET, "/api/back-in-stock-requests/*")
			.hasRole(Roles.CUSTOMER);
	}
}
