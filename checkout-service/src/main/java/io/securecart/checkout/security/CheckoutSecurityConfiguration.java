package io.securecart.checkout.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call checkout: customers place orders (as themselves) and read their own; admins read everyone's. A
 * customer's cart is theirs only (the token's subject); no role reads another's. Who checkout is when it calls
 * others: {@link ServiceIdentityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class CheckoutSecurityConfiguration {

	@Bean
	EndpointRules checkoutEndpoints() {
		return rules -> rules.requestMatchers(HttpMethod.POST, "/api/orders")
			.hasRole(Roles.CUSTOMER)
			.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/*")
			.hasAnyRole(Roles.CUSTOMER, Roles.ADMIN)
			// A cart is its customer's alone, as the token's subject: nobody else reads or changes it, admins neither.
			.requestMatchers("/api/cart", "/api/cart/**")
			.hasRole(Roles.CUSTOMER);
	}
}
