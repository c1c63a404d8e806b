package io.securecart.console.api;

import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class AccessTokensTest {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	private final ClientRegistration registration = ClientRegistration.withRegistrationId(AccessTokens.REGISTRATION)
		.clientId("console")
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
		.authorizationUri("http://issuer/oauth2/authorize")
		.tokenUri("http://issuer/oauth2/token")
		.build();

	private final InMemoryOAuth2AuthorizedClientService authorizedClients = new InMemoryOAuth2AuthorizedClientService(
			new InMemoryClientRegistrationRepository(registration));

	private final AccessTokens tokens = new AccessTokens(mock(OAuth2AuthorizedClientManager.class), authorizedClients,
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final Authentication alice = new TestingAuthenticationToken("alice", null);

	@Test
	void anIssuerThatDoesNotAnswerARefreshIsAnOutageNotASignIn() {
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willThrow(new ClientAuthorizationException(
				new OAuth2Error("invalid_token_response"), AccessTokens.REGISTRATION,
				new ResourceAccessException("I/O error on POST request", new HttpTimeoutException("timed out"))));
		AccessTokens stalled = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> stalled.of(alice));
	}

	@Test
	void anIssuerThatRefusesARefreshAsksTheUserToSignInAgain() {
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willThrow(new ClientAuthorizationException(
				new OAuth2Error("invalid_grant"), AccessTokens.REGISTRATION));
		AccessTokens refusing = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(SignInRequiredException.class).isThrownBy(() -> refusing.of(alice));
	}

	@Test
	void aRefusedTokenIssuedMinutesAgoIsForgottenAndTheUserSignsInAgain() {
		hold("old-key-token", NOW.minusSeconds(600));

		assertThatExceptionOfType(SignInRequiredException.class).isThrownBy(() -> tokens.refused(alice,
				"old-key-token"));

		assertThat(authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient(AccessTokens.REGISTRATION, "alice"))
			.isNull();
	}

	@Test
	void aRefusedTokenJustIssuedIsAFaultToShowNotASignInThatWouldLoop() {
		hold("fresh-token", NOW.minusSeconds(5));

		tokens.refused(alice, "fresh-token");

		assertThat(authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient(AccessTokens.REGISTRATION, "alice"))
			.isNotNull();
	}

	@Test
	void aTokenReplacedMeanwhileForgetsNothing() {
		hold("refreshed-token", NOW.minusSeconds(600));

		tokens.refused(alice, "token-before-the-refresh");

		assertThat(authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient(AccessTokens.REGISTRATION, "alice"))
			.isNotNull();
	}

	private void hold(String token, Instant issuedAt) {
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, issuedAt,
				issuedAt.plusSeconds(900));
		authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, "alice", accessToken), alice);
	}
}
