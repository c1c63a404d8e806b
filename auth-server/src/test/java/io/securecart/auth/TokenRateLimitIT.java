package io.securecart.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.securecart.ratelimit.RateLimiter;
import io.securecart.testsupport.AuthServerLogin;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token endpoint, and every other endpoint where a client presents its secret, is limited per client IP, one
 * bucket for them all ({@code securecart.rate-limits.rules.token}; 3 an hour here, 60 a minute by default), and so is
 * the login form ({@code login}), before any credential is checked: wrong secrets and
 * passwords count, and once the limit is reached even the right one is answered 429 with {@code Retry-After}, so
 * guessing secrets or passwords does not scale. The buckets are rows of the issuer's own database ({@code auth}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "securecart.rate-limits.rules.token.capacity=3", "securecart.rate-limits.rules.token.period=1h",
				"securecart.rate-limits.rules.login.capacity=3", "securecart.rate-limits.rules.login.period=1h" })
@ContextConfiguration(initializers = SecureCartInfrastructureInitializer.class)
class TokenRateLimitIT {

	@Value("${local.server.port}")
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RateLimiter limiter;

	private final HttpClient http = HttpClient.newHttpClient();

	/** Every test here calls from 127.0.0.1, like TokenFlowIT: each starts and leaves that address a full bucket. */
	@BeforeEach
	@AfterEach
	void fullBucket() {
		jdbc.sql("delete from rate_limit_bucket where id like 'token:%' or id like 'login:%'").update();
		limiter.forgetRefusals();
	}

	@Test
	void guessingAClientSecretIsLimitedPerClientAddressAndAnswered429WithRetryAfter() throws Exception {
		for (int guess = 0; guess < 3; guess++) {
			assertThat(clientCredentials("guess-" + guess).statusCode()).isEqualTo(401);
		}

		HttpResponse<String> limited = clientCredentials(AuthServerLogin.CHECKOUT_CLIENT_SECRET);

		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// 3 an hour, refilled gradually: one token every 20 minutes.
		assertThat(limited.headers().firstValueAsLong("Retry-After").orElseThrow()).isBetween(19 * 60L, 20 * 60L);
		assertThat(limited.body()).contains("\"status\":429").doesNotContain(AuthServerLogin.CHECKOUT_CLIENT_SECRET);
		assertThat(jdbc.sql("select count(*) from rate_limit_bucket where id like 'token:%:127.0.0.1'")
			.query(Long.class)
			.single()).as("the bucket is a row in PostgreSQL, shared by every instance").isEqualTo(1);
	}

	@Test
	void guessesAtTheOtherEndpointsThatCheckAClientSecretCountAgainstTheSameLimit() throws Exception {
		assertThat(clientAuthenticated("/oauth2/introspect", "guess-0", "token=anything").statusCode()).isEqualTo(401);
		assertThat(clientAuthenticated("/oauth2/revoke", "guess-1", "token=anything").statusCode()).isEqualTo(401);
		assertThat(clientAuthenticated("/oauth2/introspect", "guess-2", "token=anything").statusCode()).isEqualTo(401);

		assertThat(clientCredentials(AuthServerLogin.CHECKOUT_CLIENT_SECRET).statusCode()).isEqualTo(429);
	}

	@Test
	void underTheLimitTheRightSecretGetsAToken() throws Exception {
		assertThat(clientCredentials("wrong").statusCode()).isEqualTo(401);

		assertThat(clientCredentials(AuthServerLogin.CHECKOUT_CLIENT_SECRET).statusCode()).isEqualTo(200);
	}

	@Test
	void guessingAUsersPasswordOnTheLoginFormIsLimitedPerClientAddress() {
		AuthServerLogin login = new AuthServerLogin(URI.create("http://127.0.0.1:" + port));
		for (int guess = 0; guess < 3; guess++) {
			String password = "guess-" + guess;
			assertThatThrownBy(() -> login.userToken("alice", password)).hasMessageContaining("/login?error");
		}

		assertThatThrownBy(() -> login.userToken("alice")).as("even the right password, once the limit is reached")
			.hasMessageContaining("got 429");
		assertThat(jdbc.sql("select count(*) from rate_limit_bucket where id like 'login:%:127.0.0.1'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private HttpResponse<String> clientCredentials(String secret) throws IOException, InterruptedException {
		return clientAuthenticated("/oauth2/token", secret, "grant_type=client_credentials&scope=catalog.read");
	}

	/** A form POST to {@code path} as the checkout client, with {@code secret}. */
	private HttpResponse<String> clientAuthenticated(String path, String secret, String form)
			throws IOException, InterruptedException {
		String basic = Base64.getEncoder()
			.encodeToString((AuthServerLogin.CHECKOUT_CLIENT + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}
}
