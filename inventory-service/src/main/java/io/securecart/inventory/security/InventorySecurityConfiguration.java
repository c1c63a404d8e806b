package io.securecart.inventory.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call inventory. Any verified caller reads the catalog: shoppers, the back office, and checkout pricing an
 * order with its own service identity; recommendations too, as they are counts of customers, never who. Only
 * admins change a price or a stock count.
 */
@Configuration(proxyBeanMethods = false)
public class InventorySecurityConfiguration {

	@Bean
	EndpointRules inventoryEndpoints() {
		return rules -> rules
			.requestMatchers(HttpMethod.PUT, "/api/catalog/products/*/stock", "/api/catalog/products/*/price")
			.hasRole(Roles.ADMIN)
			.requestMatchers(HttpMethod.GET, "/api/catalog/products", "/api/catalog/products/*",
					"/api/catalog/products/*/recommendations")
			.hasAnyRole(Roles.CUSTOMER, Roles.ADMIN, Roles.SERVICE);
	}
}
