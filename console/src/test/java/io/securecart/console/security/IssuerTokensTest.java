package io.securecart.console.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;
import io.securecart.console.MovableClock;
import io.securecart.console.api.AccessTokens;
import io.securecart.console.api.IssuerUnavailableException;
import io.securecart.console.api.SignInRequiredException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The console's token requests, with the console's {@code application.yml}, asked of a loopback issuer: one that
 * accepts the connection and never answers (hung, or a black hole in front of it), where each fails after the read
 * timeout, so the page that needed it answers instead of waiting for as long as the socket lives; and one that answers
 * a refresh as an issuer, a proxy or a gateway might, where the session's tokens are forgotten, kept or left alone for
 * a while as the answer says. Each test checks the issuer was asked, so none passes on a refresh never sent.
 */
class IssuerTokensTest {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	/** The console's clock, by which Spring Security's refresh judges expiry too. */
	private final MovableClock clock = new MovableClock(NOW);

	private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, OAuth2ClientAutoConfiguration.class))
		.withUserConfiguration(IssuerTokensConfiguration.class, AccessTokens.class)
		.withBean(Clock.class, () -> clock);

	private static final TestingAuthenticationToken ALICE = new TestingAuthenticationToken("alice", null);

	@Test
	void refreshingAnExpiredTokenAtAnIssuerThatNeverAnswersFails() throws IOException {
		try (SilentIssuer issuer = new SilentIssuer()) {
			contexts.withPropertyValues(issuer.tokenUriProperty()).run(context -> {
				holdExpired(context, "refresh");
				OAuth2AuthorizedClientManager tokens = context.getBean(OAuth2AuthorizedClientManager.class);

				assertFailsOnTheReadTimeout(() -> tokens.authorize(OAuth2AuthorizeRequest
					.withClientRegistrationId(AccessTokens.REGISTRATION)
					.principal(new TestingAuthenticationToken("alice", null))
					.build()));
				assertThat(issuer.requests()).as("the issuer was asked").hasValue(1);
			});
		}
	}

	@Test
	void theCodeExchangeAtSignInWithAnIssuerThatNeverAnswersFails() throws IOException {
		try (SilentIssuer issuer = new SilentIssuer()) {
			contexts.withPropertyValues(issuer.tokenUriProperty()).run(context -> {
				ClientRegistration console = context.getBean(ClientRegistrationRepository.class)
					.findByRegistrationId(AccessTokens.REGISTRATION);
				// The bean Spring Security's oauth2Login takes its code-exchange client from, by this generic type.
				ObjectProvider<OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest>> signInClients;
				signInClients = context.getBeanProvider(ResolvableType.forClassWithGenerics(
						OAuth2AccessTokenResponseClient.class, OAuth2AuthorizationCodeGrantRequest.class));
				OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> signIn = signInClients.getObject();
				OAuth2AuthorizationRequest asked = OAuth2AuthorizationRequest.authorizationCode()
					.authorizationUri(console.getProviderDetails().getAuthorizationUri())
					.clientId(console.getClientId())
					.redirectUri("http://localhost:8085/login/oauth2/code/securecart")
					.state("state")
					.build();
				OAuth2AuthorizationResponse answered = OAuth2AuthorizationResponse.success("code")
					.redirectUri("http://localhost:8085/login/oauth2/code/securecart")
					.state("state")
					.build();

				assertFailsOnTheReadTimeout(() -> signIn.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(
						console, new OAuth2AuthorizationExchange(asked, answered))));
				assertThat(issuer.requests()).as("the issuer was asked").hasValue(1);
			});
		}
	}

	@Test
	void anIssuerThatFailsARefreshIsUnavailableAndTheSessionKeepsItsTokens() throws IOException {
		for (int status : new int[] { 503, 500, 429 }) {
			try (AnsweringIssuer issuer = new AnsweringIssuer(status, "text/html", "<h1>Down for a moment</h1>")) {
				contexts.withPropertyValues(issuer.tokenUriProperty()).run(context -> {
					holdExpired(context, "alice-refresh");

					assertThatExceptionOfType(IssuerUnavailableException.class).as("issuer answering %d", status)
						.isThrownBy(() -> context.getBean(AccessTokens.class).of(ALICE));
					assertThat(refreshTokenHeld(context)).as("issuer answering %d", status).isEqualTo("alice-refresh");
					assertThat(issuer.requests()).as("the issuer was asked").hasValue(1);
				});
			}
		}
	}

	@Test
	void afterA503WithRetryAfterNoRefreshAsksTheIssuerUntilThen() throws IOException {
		try (AnsweringIssuer issuer = new AnsweringIssuer(503, "text/html", "<h1>Down for a moment</h1>",
				Map.of("Retry-After", "5"))) {
			contexts.withPropertyValues(issuer.tokenUriProperty()).run(context -> {
				holdExpired(context, "alice-refresh");
				AccessTokens tokens = context.getBean(AccessTokens.class);
				assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> tokens.of(ALICE));

				clock.move(Duration.ofMillis(4999));
				assertThatExceptionOfType(IssuerUnavailableException.class).as("within Retry-After")
					.isThrownBy(() -> tokens.of(ALICE));
				assertThat(issuer.requests()).as("requests within Retry-After").hasValue(1);

				clock.move(Duration.ofMillis(1));
				assertThatExceptionOfType(IssuerUnavailableException.class).isThrownBy(() -> tokens.of(ALICE));
				assertThat(issuer.requests()).as("requests once Retry-After has passed").hasValue(2);
				assertThat(refreshTokenHeld(context)).isEqualTo("alice-refresh");
			});
		}
	}

	@Test
	void anIssuerAnswerThatCannotBeReadIsAnOutageNotARefusal() throws IOException {
		// A gateway's page with 200; a 400 that is no OAuth2 error, with a body or none.
		for (Answer unreadable : List.of(new Answer(200, "text/html", "<h1>Gateway says hello</h1>", Map.of()),
				new Answer(400, "text/html", "<h1>Bad Request</h1>", Map.of()),
				new Answer(400, "application/json", "", Map.of()))) {
			assertARefreshAnswered(unreadable, IssuerUnavailableException.class, "alice-refresh");
		}
	}

	@Test
	void anAnswerWithoutABodyIsAnOutageNotARefusal() throws IOException {
		// Spring Security: "Empty OAuth 2.0 Access Token Response", with nothing under it.
		for (Answer empty : List.of(new Answer(200, "application/json", "", Map.of()),
				new Answer(204, "application/json", "", Map.of()))) {
			assertARefreshAnswered(empty, IssuerUnavailableException.class, "alice-refresh");
		}
	}

	@Test
	void anAnswerWhoseBodyNeverComesIsAnOutageNotARefusal() throws IOException {
		try (SilentIssuer issuer = new SilentIssuer(true)) {
			contexts.withPropertyValues(issuer.tokenUriProperty(), "spring.http.clients.read-timeout=300ms")
				.run(context -> {
					holdExpired(context, "alice-refresh");

					assertThat(CompletableFuture.supplyAsync(() -> context.getBean(AccessTokens.class).of(ALICE)))
						.failsWithin(Duration.ofSeconds(30))
						.withThrowableOfType(ExecutionException.class)
						.withCauseInstanceOf(IssuerUnavailableException.class);
					assertThat(refreshTokenHeld(context)).isEqualTo("alice-refresh");
					assertThat(issuer.requests()).as("the issuer was asked").hasValue(1);
				});
		}
	}

	@Test
	void aRefreshTheIssuerRefusesForGoodForgetsTheSessionsTokens() throws IOException {
		for (Answer refusal : List.of(oauth2Error(400, "invalid_grant"), oauth2Error(400, "invalid_client"),
				oauth2Error(400, "unauthorized_client"), oauth2Error(401, "invalid_client"))) {
			assertARefreshAnswered(refusal, SignInRequiredException.class, null);
		}
	}

	@Test
	void anIssuerThatSaysItFailedIsUnavailableAndTheSessionKeepsItsTokens() throws IOException {
		// Spring Security reads a 400 whose WWW-Authenticate is no Bearer challenge as server_error, body unread.
		Answer proxysChallenge = new Answer(400, "text/html", "<h1>Sign in to the proxy</h1>",
				Map.of("WWW-Authenticate", "Basic realm=\"proxy\""));
		for (Answer failure : List.of(oauth2Error(400, "server_error"), oauth2Error(400, "temporarily_unavailable"),
				proxysChallenge)) {
			assertARefreshAnswered(failure, IssuerUnavailableException.class, "alice-refresh");
		}
	}

	@Test
	void aRefreshRefusedForAnotherReasonSignsInAgainAndForgetsNothing() throws IOException {
		Answer bootsErrorJson = new Answer(400, "application/json",
				"{\"timestamp\":\"2026-12-05T12:00:00.000+00:00\",\"status\":400,\"error\":\"Bad Request\","
						+ "\"path\":\"/oauth2/token\"}",
				Map.of());
		for (Answer refusal : List.of(bootsErrorJson, oauth2Error(400, "invalid_scope"),
				oauth2Error(400, "invalid_request"), new Answer(401, "text/html", "<h1>Unauthorized</h1>", Map.of()),
				oauth2Error(403, "access_denied"))) {
			assertARefreshAnswered(refusal, SignInRequiredException.class, "alice-refresh");
		}
	}

	/** Alice's expired token refreshed at an issuer that answers {@code answer}: what she is told, what she holds. */
	private void assertARefreshAnswered(Answer answer, Class<? extends RuntimeException> told, String held)
			throws IOException {
		try (AnsweringIssuer issuer = new AnsweringIssuer(answer.status(), answer.contentType(), answer.body(),
				answer.headers())) {
			contexts.withPropertyValues(issuer.tokenUriProperty()).run(context -> {
				holdExpired(context, "alice-refresh");

				assertThatExceptionOfType(told).as("%s", answer)
					.isThrownBy(() -> context.getBean(AccessTokens.class).of(ALICE));
				assertThat(refreshTokenHeld(context)).as("%s", answer).isEqualTo(held);
				assertThat(issuer.requests()).as("the issuer was asked: %s", answer).hasValue(1);
			});
		}
	}

	private static Answer oauth2Error(int status, String code) {
		return new Answer(status, "application/json", "{\"error\":\"" + code + "\"}", Map.of());
	}

	/** What the issuer answers a token request. */
	private record Answer(int status, String contentType, String body, Map<String, String> headers) {
	}

	@Test
	void aRefusedRefreshForgetsNotTheTokensASignInInAnotherTabSavedMeanwhile() throws IOException {
		AtomicReference<Runnable> signInInAnotherTab = new AtomicReference<>(() -> {
		});
		try (AnsweringIssuer issuer = new AnsweringIssuer(400, "application/json", "{\"error\":\"invalid_grant\"}",
				Map.of(), () -> signInInAnotherTab.get().run())) {
			contexts.withPropertyValues(issuer.tokenUriProperty()).run(context -> {
				holdExpired(context, "old-refresh");
				// Saved by Spring Security's login filter, while the issuer considers the old refresh token.
				signInInAnotherTab.set(() -> holdExpired(context, "new-refresh"));

				assertThatExceptionOfType(SignInRequiredException.class)
					.isThrownBy(() -> context.getBean(AccessTokens.class).of(ALICE));
				assertThat(refreshTokenHeld(context)).isEqualTo("new-refresh");
				assertThat(issuer.requests()).as("the issuer was asked").hasValue(1);
			});
		}
	}

	/** An expired token with the refresh token given, as the session holds it. */
	private void holdExpired(ApplicationContext context, String refreshToken) {
		ClientRegistration console = context.getBean(ClientRegistrationRepository.class)
			.findByRegistrationId(AccessTokens.REGISTRATION);
		Instant issued = clock.instant().minus(Duration.ofHours(1));
		context.getBean(OAuth2AuthorizedClientService.class)
			.saveAuthorizedClient(new OAuth2AuthorizedClient(console, "alice",
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired", issued,
							issued.plus(Duration.ofMinutes(15)), Set.of("openid")),
					new OAuth2RefreshToken(refreshToken, issued)), ALICE);
	}

	private static String refreshTokenHeld(ApplicationContext context) {
		OAuth2AuthorizedClient held = context.getBean(OAuth2AuthorizedClientService.class)
			.loadAuthorizedClient(AccessTokens.REGISTRATION, "alice");
		return held == null || held.getRefreshToken() == null ? null : held.getRefreshToken().getTokenValue();
	}

	/** Where {@code server} listens: the loopback interface may be IPv6 only (::1). */
	private static String tokenUriPropertyOf(HttpServer server) {
		InetSocketAddress address = server.getAddress();
		try {
			return "spring.security.oauth2.client.provider.securecart.token-uri=" + new URI("http", null,
					address.getAddress().getHostAddress(), address.getPort(), "/oauth2/token", null, null);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertFailsOnTheReadTimeout(Supplier<?> tokenRequest) {
		// Far above the 5-s read timeout. (failsWithin also passes on its own TimeoutException: the request must have
		// ended, failed by the read timeout.)
		assertThat(CompletableFuture.supplyAsync(tokenRequest)).failsWithin(Duration.ofSeconds(30))
			.withThrowableOfType(ExecutionException.class)
			.havingRootCause()
			.isInstanceOf(HttpTimeoutException.class);
	}

	/** Takes each request on the loopback interface and never answers it, or sends a 200's headers but no body. */
	private static final class SilentIssuer implements AutoCloseable {

		private final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				0);

		private final CountDownLatch closed = new CountDownLatch(1);

		private final AtomicInteger requests = new AtomicInteger();

		SilentIssuer() throws IOException {
			this(false);
		}

		SilentIssuer(boolean headersOnly) throws IOException {
			server.createContext("/", exchange -> {
				requests.incrementAndGet();
				if (headersOnly) {
					exchange.getRequestBody().readAllBytes();
					exchange.getResponseHeaders().set("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, 0);
					exchange.getResponseBody().flush();
				}
				try {
					closed.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			server.setExecutor(command -> Thread.ofVirtual().start(command));
			server.start();
		}

		String tokenUriProperty() {
			return tokenUriPropertyOf(server);
		}

		AtomicInteger requests() {
			return requests;
		}

		@Override
		public void close() {
			closed.countDown();
			server.stop(0);
		}
	}

	/** Answers each request on the loopback interface with one status, content type and body. */
	private static final class AnsweringIssuer implements AutoCloseable {

		private final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				0);

		private final AtomicInteger requests = new AtomicInteger();

		AnsweringIssuer(int status, String contentType, String body) throws IOException {
			this(status, contentType, body, Map.of(), () -> {
			});
		}

		AnsweringIssuer(int status, String contentType, String body, Map<String, String> headers) throws IOException {
			this(status, contentType, body, headers, () -> {
			});
		}

		/** {@code meanwhile} runs on each request, before it is answered. */
		AnsweringIssuer(int status, String contentType, String body, Map<String, String> headers, Runnable meanwhile)
				throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			server.createContext("/", exchange -> {
				requests.incrementAndGet();
				meanwhile.run();
				exchange.getRequestBody().readAllBytes();
				exchange.getResponseHeaders().set("Content-Type", contentType);
				headers.forEach(exchange.getResponseHeaders()::set);
				exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
				try (var out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			server.setExecutor(command -> Thread.ofVirtual().start(command));
			server.start();
		}

		String tokenUriProperty() {
			return tokenUriPropertyOf(server);
		}

		AtomicInteger requests() {
			return requests;
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}
}
