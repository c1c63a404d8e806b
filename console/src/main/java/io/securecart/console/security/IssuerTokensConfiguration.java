package io.securecart.console.security;

import java.time.Clock;

import io.securecart.console.api.AccessTokens;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The console's calls to the issuer's token endpoint: the code exchange at sign-in and the refresh of a user's
 * expired token, which any page or live tracker may need. Both go through the console's HTTP client settings
 * ({@code spring.http.clients}: connect 2 s, read 5 s). Spring Security's own client waits 3 minutes for an issuer
 * that accepts and never answers, and it pools 5 connections to it: a stalled issuer held each page that needed a
 * refresh, then every other one queued for a connection.
 */
@Configuration(proxyBeanMethods = false)
class IssuerTokensConfiguration {

	/** Spring Security's sign-in (oauth2Login) takes the code-exchange client from this bean. */
	@Bean
	OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> signInTokens(
			ClientHttpRequestFactory outgoingCalls) {
		RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
		tokens.setRestClient(tokenEndpoint(outgoingCalls));
		return tokens;
	}

	/** Tokens by principal from the authorized client service, so a scheduler thread can use them; refreshed. */
	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, ClientHttpRequestFactory outgoingCalls, Clock clock) {
		RestClientRefreshTokenTokenResponseClient refreshes = new RestClientRefreshTokenTokenResponseClient();
		refreshes.setRestClient(tokenEndpoint(outgoingCalls));
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		// Spring Security's default forgets the user's client on invalid_grant whatever it holds by then, a sign-in
		// another tab has just saved too: AccessTokens forgets the client only if it still holds the refused tokens.
		manager.setAuthorizationFailureHandler((failure, principal, attributes) -> {
		});
		// Expiry judged by the console's clock and lead, not Spring Security's own: AccessTokens must tell when a call
		// would ask the issuer, to leave it alone for a while after it failed one.
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.refreshToken(refresh -> refresh.accessTokenResponseClient(refreshes)
				.clock(clock)
				.clockSkew(AccessTokens.REFRESH_AHEAD))
			.build());
		return manager;
	}

	/** What Spring Security's own token clients read and write, on the console's HTTP client. */
	private static RestClient tokenEndpoint(ClientHttpRequestFactory outgoingCalls) {
		return RestClient.builder()
			.requestFactory(outgoingCalls)
			.configureMessageConverters(converters -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build();
	}
}
