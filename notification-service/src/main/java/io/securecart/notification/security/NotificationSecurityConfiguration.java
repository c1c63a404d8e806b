package io.securecart.notification.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may call notification: customers read what they were told, admins what everyone was told. */
@Configuration(proxyBeanMethods = false)
public class NotificationSecurityConfiguration {

	@Bean
	EndpointRules notificationEndpoints() {
		return rules -> rules.requestMatchers(HttpMethod.GET, "/api/notifications")
			.hasAnyRole(Roles.CUSTOMER, Roles.ADMIN);
	}
}
