package io.securecart.checkout.security;

import io.securecart.platform.security.EndpointRules;
import io.securecart.platform.security.Roles;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

/**
 * Who may call checkout, and who checkout is when it calls others.
 * <ul>
 * <li>Customers place orders (as themselves) and read their own; admins read everyone's.</li>
 * <li>A customer's cart is theirs only (the token's subject); no role reads another's.</li>
 * <li>Checkout calls the catalog and, in the coupled mode, payment as itself: the {@code checkout-service} client,
 * with a client-credentials token that Spring Security's OAuth2 client fetches, caches and renews. Never with the
 * customer's token: what checkout may do is not what the customer may do.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class CheckoutSecurityConfiguration {

	/** {@code spring.security.oauth2.client.registration.<this>} in application.yml. */
	static final String CLIENT_REGISTRATION = "securecart";

	/** Service tokens are kept under this one principal, whoever's request needed one. */
	private static final Authentication CHECKOUT_ITSELF = UsernamePasswordAuthenticationToken
		.authenticated("checkout-service", null, AuthorityUtils.NO_AUTHORITIES);

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

	/** Works outside any request too (the catalog is called on virtual threads). */
	@Bean
	OAuth2AuthorizedClientManager serviceClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
		return manager;
	}

	/** Every RestClient checkout builds (catalog, coupled payment) sends checkout's own bearer token. */
	@Bean
	RestClientCustomizer serviceIdentity(OAuth2AuthorizedClientManager serviceClientManager) {
		OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(serviceClientManager);
		bearer.setClientRegistrationIdResolver(request -> CLIENT_REGISTRATION);
		bearer.setPrincipalResolver(request -> CHECKOUT_ITSELF);
		return builder -> builder.requestInterceptor(bearer);
	}
}
