package io.securecart.console.api;

import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.securecart.console.MovableClock;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

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
	void anIssuerThatRateLimitsWithoutRetryAfterIsLeftAloneForAFewSeconds() {
		holdExpiredWithRefreshToken();
		MovableClock clock = new MovableClock(NOW);
		OAuth2AuthorizedClientManager clients = issuerAnswering(HttpStatus.TOO_MANY_REQUESTS, null);
		AccessTokens limited = new AccessTokens(clients, authorizedClients, clock);

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> limited.of(alice));
		clock.move(AccessTokens.BACK_OFF.minusMillis(1));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> limited.of(alice));
		verify(clients, times(1)).authorize(any());

		clock.move(Duration.ofMillis(1));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> limited.of(alice));
		verify(clients, times(2)).authorize(any());
	}

	@Test
	void aRetryAfterOfAnHourIsTakenAsHalfAMinute() {
		holdExpiredWithRefreshToken();
		MovableClock clock = new MovableClock(NOW);
		OAuth2AuthorizedClientManager clients = issuerAnswering(HttpStatus.SERVICE_UNAVAILABLE, "3600");
		AccessTokens down = new AccessTokens(clients, authorizedClients, clock);

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		clock.move(AccessTokens.LONGEST_BACK_OFF.minusMillis(1));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		verify(clients, times(1)).authorize(any());

		clock.move(Duration.ofMillis(1));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		verify(clients, times(2)).authorize(any());
	}

	/** Seconds: the form the services' own rate limit sends. */
	@Test
	void aRetryAfterInSecondsIsTakenAsSaid() {
		holdExpiredWithRefreshToken();
		MovableClock clock = new MovableClock(NOW);
		OAuth2AuthorizedClientManager clients = issuerAnswering(HttpStatus.SERVICE_UNAVAILABLE, "12");
		AccessTokens down = new AccessTokens(clients, authorizedClients, clock);

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		clock.move(Duration.ofSeconds(11));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		verify(clients, times(1)).authorize(any());

		clock.move(Duration.ofSeconds(1));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		verify(clients, times(2)).authorize(any());
	}

	/** The host's clock stepped back 2 min after the issuer failed: the window set before is over, not 2 min longer. */
	@Test
	void aBackOffSetBeforeTheClockSteppedBackEnds() {
		holdExpiredWithRefreshToken();
		MovableClock clock = new MovableClock(NOW);
		OAuth2AuthorizedClientManager clients = issuerAnswering(HttpStatus.SERVICE_UNAVAILABLE, "30");
		AccessTokens down = new AccessTokens(clients, authorizedClients, clock);

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		clock.move(Duration.ofMinutes(-2));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));

		verify(clients, times(2)).authorize(any());
	}

	@Test
	void aRetryAfterGivenAsADateIsTakenToo() {
		holdExpiredWithRefreshToken();
		MovableClock clock = new MovableClock(NOW);
		OAuth2AuthorizedClientManager clients = issuerAnswering(HttpStatus.SERVICE_UNAVAILABLE,
				"Sat, 05 Dec 2026 12:00:20 GMT");
		AccessTokens down = new AccessTokens(clients, authorizedClients, clock);

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		clock.move(Duration.ofSeconds(19));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		verify(clients, times(1)).authorize(any());

		clock.move(Duration.ofSeconds(1));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		verify(clients, times(2)).authorize(any());
	}

	@Test
	void whileTheIssuerIsLeftAloneATokenThatNeedsNoRefreshIsStillGiven() {
		holdExpiredWithRefreshToken();
		OAuth2AuthorizedClientManager clients = issuerAnswering(HttpStatus.SERVICE_UNAVAILABLE, "5");
		AccessTokens down = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));
		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> down.of(alice));
		Authentication bob = new TestingAuthenticationToken("bob", null);
		OAuth2AuthorizedClient bobs = new OAuth2AuthorizedClient(registration, "bob",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "bobs-token", NOW.minusSeconds(60),
						NOW.plusSeconds(600)),
				new OAuth2RefreshToken("bobs-refresh", NOW.minusSeconds(60)));
		authorizedClients.saveAuthorizedClient(bobs, bob);
		willReturn(bobs).given(clients)
			.authorize(argThat(request -> request != null && "bob".equals(request.getPrincipal().getName())));

		assertThat(down.of(bob)).isEqualTo("bobs-token");
	}

	@Test
	void aPageWaitsForARefreshUnderWayOnlyBoundedlyThenTheIssuerIsUnavailable() throws Exception {
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		CountDownLatch refreshing = new CountDownLatch(1);
		CountDownLatch issuerAnswers = new CountDownLatch(1);
		given(clients.authorize(any())).willAnswer(invocation -> {
			refreshing.countDown();
			issuerAnswers.await();
			return null;
		});
		AccessTokens waiting = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC),
				Duration.ofMillis(100));
		FutureTask<String> slowRefresh = new FutureTask<>(() -> waiting.of(alice));
		Thread.ofVirtual().start(slowRefresh);
		try {
			refreshing.await();

			assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> waiting.of(alice));
		}
		finally {
			issuerAnswers.countDown();
		}
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> slowRefresh.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(SignInRequiredException.class);
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
	void aRefreshTheIssuerRefusesForItsClientForgetsTheSessionsTokens() {
		// Spring Security forgets the client itself on invalid_grant only (with the manager mocked here, not at all).
		hold("expired-token", NOW.minusSeconds(1200));
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willThrow(new ClientAuthorizationException(
				new OAuth2Error("invalid_client"), AccessTokens.REGISTRATION));
		AccessTokens refusing = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(SignInRequiredException.class).isThrownBy(() -> refusing.of(alice));

		assertThat(authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient(AccessTokens.REGISTRATION, "alice"))
			.isNull();
	}

	@Test
	void aRefusedRefreshForgetsNotTheTokensASignInInAnotherTabSavedMeanwhile() {
		hold("expired-token", NOW.minusSeconds(1200));
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willAnswer(invocation -> {
			// The other tab's sign-in lands while the issuer considers the old refresh token (without the lock).
			hold("signed-in-again-token", NOW);
			throw new ClientAuthorizationException(new OAuth2Error("invalid_grant"), AccessTokens.REGISTRATION);
		});
		AccessTokens refusing = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(SignInRequiredException.class).isThrownBy(() -> refusing.of(alice));

		assertThat(held()).isEqualTo("signed-in-again-token");
	}

	@Test
	void anIssuerThatDoesNotAnswerARefreshForgetsNothing() {
		hold("expired-token", NOW.minusSeconds(1200));
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willThrow(new ClientAuthorizationException(
				new OAuth2Error("invalid_token_response"), AccessTokens.REGISTRATION,
				new ResourceAccessException("I/O error on POST request", new HttpTimeoutException("timed out"))));
		AccessTokens stalled = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> stalled.of(alice));

		assertThat(authorizedClients.<OAuth2AuthorizedClient>loadAuthorizedClient(AccessTokens.REGISTRATION, "alice"))
			.isNotNull();
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

	@Test
	void aRefusalWaitsForTheRefreshUnderWayAndForgetsNothing() throws Exception {
		hold("stale-token", NOW.minusSeconds(600));
		CountDownLatch refreshing = new CountDownLatch(1);
		CountDownLatch issuerAnswers = new CountDownLatch(1);
		AccessTokens refreshingTokens = refreshingWhenTheIssuerAnswers(refreshing, issuerAnswers);
		FutureTask<String> refresh = new FutureTask<>(() -> refreshingTokens.of(alice));
		FutureTask<Void> refusal = new FutureTask<>(() -> {
			refreshingTokens.refused(alice, "stale-token");
			return null;
		});
		try {
			start(refresh);
			assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();
			Thread refusing = start(refusal);
			await().atMost(Duration.ofSeconds(10)).until(() -> waitingOrDone(refusing));
		}
		finally {
			issuerAnswers.countDown();
		}

		assertThat(refresh.get(10, TimeUnit.SECONDS)).isEqualTo("refreshed-token");
		assertThatCode(() -> refusal.get(10, TimeUnit.SECONDS)).as("the refusal of a token refreshed meanwhile")
			.doesNotThrowAnyException();
		assertThat(held()).isEqualTo("refreshed-token");
	}

	@Test
	void aRefreshCannotLandBetweenARefusalsCheckAndItsForgetting() throws Exception {
		hold("stale-token", NOW.minusSeconds(600));
		CountDownLatch checking = new CountDownLatch(1);
		CountDownLatch checked = new CountDownLatch(1);
		String[] forgotten = new String[1];
		OAuth2AuthorizedClientService pausingAfterTheCheck = new OAuth2AuthorizedClientService() {

			@Override
			public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, String name) {
				T client = authorizedClients.loadAuthorizedClient(registrationId, name);
				checking.countDown();
				try {
					assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return client;
			}

			@Override
			public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
				authorizedClients.saveAuthorizedClient(client, principal);
			}

			@Override
			public void removeAuthorizedClient(String registrationId, String name) {
				forgotten[0] = held();
				authorizedClients.removeAuthorizedClient(registrationId, name);
			}
		};
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willAnswer(invocation -> {
			if (held() == null) {
				return null; // nothing left to refresh
			}
			hold("refreshed-token", NOW);
			return authorizedClients.loadAuthorizedClient(AccessTokens.REGISTRATION, "alice");
		});
		AccessTokens pausing = new AccessTokens(clients, pausingAfterTheCheck, Clock.fixed(NOW, ZoneOffset.UTC));
		FutureTask<Void> refusal = new FutureTask<>(() -> {
			pausing.refused(alice, "stale-token");
			return null;
		});
		FutureTask<String> refresh = new FutureTask<>(() -> pausing.of(alice));
		try {
			start(refusal);
			assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
			Thread refreshing = start(refresh);
			await().atMost(Duration.ofSeconds(10)).until(() -> waitingOrDone(refreshing));
		}
		finally {
			checked.countDown();
		}

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> refusal.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(SignInRequiredException.class);
		assertThat(forgotten[0]).as("the token the refusal forgot").isEqualTo("stale-token");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> refresh.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(SignInRequiredException.class);
	}

	@Test
	void aSignOutWaitsForTheRefreshUnderWayAndForgetsWhatItGot() throws Exception {
		hold("stale-token", NOW.minusSeconds(600));
		CountDownLatch refreshing = new CountDownLatch(1);
		CountDownLatch issuerAnswers = new CountDownLatch(1);
		AccessTokens refreshingTokens = refreshingWhenTheIssuerAnswers(refreshing, issuerAnswers);
		FutureTask<String> refresh = new FutureTask<>(() -> refreshingTokens.of(alice));
		FutureTask<Optional<OAuth2AuthorizedClient>> signOut = new FutureTask<>(() -> refreshingTokens.forget(alice));
		try {
			start(refresh);
			assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();
			Thread signingOut = start(signOut);
			await().atMost(Duration.ofSeconds(10)).until(() -> waitingOrDone(signingOut));
		}
		finally {
			issuerAnswers.countDown();
		}

		assertThat(refresh.get(10, TimeUnit.SECONDS)).isEqualTo("refreshed-token");
		assertThat(signOut.get(10, TimeUnit.SECONDS)).as("what the sign-out forgot, to revoke")
			.hasValueSatisfying(client -> assertThat(client.getAccessToken().getTokenValue())
				.isEqualTo("refreshed-token"));
		assertThat(held()).as("the signed-out user's token").isNull();
	}

	@Test
	void aSignOutDoesNotFailWhenTheRefreshesAheadOutlastTheWait() throws Exception {
		hold("token", NOW.minusSeconds(600));
		CountDownLatch refreshing = new CountDownLatch(1);
		CountDownLatch issuerAnswers = new CountDownLatch(1);
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willAnswer(invocation -> {
			refreshing.countDown();
			assertThat(issuerAnswers.await(10, TimeUnit.SECONDS)).isTrue();
			return null;
		});
		AccessTokens waiting = new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC),
				Duration.ofMillis(100));
		FutureTask<String> slowRefresh = new FutureTask<>(() -> waiting.of(alice));
		start(slowRefresh);
		try {
			assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();

			assertThat(waiting.forget(alice)).isPresent();
			assertThat(held()).isNull();
		}
		finally {
			issuerAnswers.countDown();
		}
	}

	/** Tokens whose refresh says it began, then waits for the issuer's answer: "refreshed-token". */
	private AccessTokens refreshingWhenTheIssuerAnswers(CountDownLatch refreshing, CountDownLatch issuerAnswers) {
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willAnswer(invocation -> {
			refreshing.countDown();
			assertThat(issuerAnswers.await(10, TimeUnit.SECONDS)).isTrue();
			hold("refreshed-token", NOW);
			return authorizedClients.loadAuthorizedClient(AccessTokens.REGISTRATION, "alice");
		});
		return new AccessTokens(clients, authorizedClients, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/** On a thread of its own, whose state shows when it waits. */
	private static Thread start(Runnable work) {
		Thread thread = new Thread(work);
		thread.start();
		return thread;
	}

	/** Parked on a lock (for a bounded time), or never needed to be. */
	private static boolean waitingOrDone(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
				|| state == Thread.State.TERMINATED;
	}

	/** Alice's token expired, with a refresh token: a call would ask the issuer. */
	private void holdExpiredWithRefreshToken() {
		OAuth2AccessToken expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired-token",
				NOW.minusSeconds(1200), NOW.minusSeconds(300));
		authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, "alice", expired,
				new OAuth2RefreshToken("alice-refresh", NOW.minusSeconds(1200))), alice);
	}

	/** Spring Security's refresh, failed as by an issuer that answered {@code status} (5xx or 429). */
	private static OAuth2AuthorizedClientManager issuerAnswering(HttpStatus status, String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		OAuth2Error error = new OAuth2Error("invalid_token_response");
		RestClientResponseException answer = status.is5xxServerError()
				? HttpServerErrorException.create(status, status.getReasonPhrase(), headers, new byte[0], null)
				: HttpClientErrorException.create(status, status.getReasonPhrase(), headers, new byte[0], null);
		OAuth2AuthorizedClientManager clients = mock(OAuth2AuthorizedClientManager.class);
		given(clients.authorize(any())).willThrow(new ClientAuthorizationException(error, AccessTokens.REGISTRATION,
				new OAuth2AuthorizationException(error, answer)));
		return clients;
	}

	private String held() {
		OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(AccessTokens.REGISTRATION, "alice");
		return client == null ? null : client.getAccessToken().getTokenValue();
	}

	private void hold(String token, Instant issuedAt) {
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, issuedAt,
				issuedAt.plusSeconds(900));
		authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, "alice", accessToken), alice);
	}
}
