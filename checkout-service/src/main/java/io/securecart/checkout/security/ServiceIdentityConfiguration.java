package io.securecart.checkout.security;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * Who checkout is when it calls others. Checkout calls the catalog and, in the coupled mode, payment as itself: the
 * {@code checkout-service} client, with a client-credentials token that Spring Security's OAuth2 client fetches,
 * caches and renews. Never with the customer's token: what checkout may do is not what the customer may do.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceIdentityConfiguration {

	/** {@code spring.security.oauth2.client.registration.<this>} in application.yml. */
	static final String CLIENT_REGISTRATION = "securecart";

	/** Service tokens are kept under this one principal, whoever's request needed one. */
	private static final Authentication CHECKOUT_ITSELF = UsernamePasswordAuthenticationToken
		.authenticated("checkout-service", null, AuthorityUtils.NO_AUTHORITIES);

	/**
	 * Works outside any request too (the catalog is called on virtual threads). The token request goes through the
	 * HTTP client settings of every outgoing call of checkout ({@code spring.http.clients}: connect 1 s, read 3 s):
	 * Spring Security's own client waits 3 minutes for an issuer that accepts and never answers, and so did each call
	 * that needed a token (a customer's coupled payment, a catalog lookup's thread).
	 */
	@Bean
	OAuth2AuthorizedClientManager serviceClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, ClientHttpRequestFactory outgoingCalls) {
		RestClientClientCredentialsTokenResponseClient tokens = new RestClientClientCredentialsTokenResponseClient();
		// What Spring Security's own client reads and writes, on checkout's HTTP client.
		tokens.setRestClient(RestClient.builder()
			.requestFactory(outgoingCalls)
			.configureMessageConverters(converters -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials(clientCredentials -> clientCredentials.accessTokenResponseClient(tokens))
			.build());
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
