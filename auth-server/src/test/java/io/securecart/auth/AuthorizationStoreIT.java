package io.securecart.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.securecart.ratelimit.RateLimiter;
import io.securecart.testsupport.AuthServerLogin;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer's authorizations are rows of its PostgreSQL database, read back by token value (introspection, a
 * refresh), and deleted once no token of theirs can be used any more, instead of being kept in memory for ever.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SecureCartInfrastructureInitializer.class)
class AuthorizationStoreIT {

	@Value("${local.server.port}")
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RateLimiter limiter;

	@Autowired
	ExpiredAuthorizations expired;

	@Autowired
	OAuth2AuthorizationService authorizations;

	private final HttpClient http = HttpClient.newHttpClient();

	/** Other tests of this JVM use the limit too: each test here starts with a full bucket for 127.0.0.1. */
	@BeforeEach
	void fullBucket() {
		jdbc.sql("delete from rate_limit_bucket where id like 'token:%'").update();
		limiter.forgetRefusals();
	}

	@Test
	void aTokenIsKeptInPostgreSQLAndFoundThereByItsValue() throws Exception {
		String token = login().clientToken(AuthServerLogin.CHECKOUT_CLIENT, AuthServerLogin.CHECKOUT_CLIENT_SECRET);

		assertThat(rowsWithAccessToken(token)).isEqualTo(1);
		assertThat(introspect(token)).contains("\"active\":true");
	}

	/**
	 * A user's sign-in, read back whole by its access token, as a refresh or a revocation reads it: the principal and
	 * the token's claims come back from their JSON.
	 */
	@Test
	void aSignInIsReadBackWholeFromItsRow() {
		String token = login().userToken("alice");

		OAuth2Authorization signIn = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);

		assertThat(signIn).isNotNull();
		assertThat(signIn.getPrincipalName()).isEqualTo("alice");
		assertThat(signIn.getAccessToken().getClaims()).containsEntry("sub", "alice")
			.containsEntry("roles", List.of("CUSTOMER"));
	}

	@Test
	void authorizationsNoTokenCanUseAreDeletedAndLiveOnesKept() throws Exception {
		String expiring = login().clientToken(AuthServerLogin.CHECKOUT_CLIENT, AuthServerLogin.CHECKOUT_CLIENT_SECRET);
		String live = login().clientToken(AuthServerLogin.CHECKOUT_CLIENT, AuthServerLogin.CHECKOUT_CLIENT_SECRET);
		jdbc.sql("""
				update oauth2_authorization set access_token_expires_at = now() - interval '1 minute'
				where access_token_value = :token""").param("token", expiring).update();
		// A sign-in abandoned at the consent step: no code, no token, only its state, for more than an hour.
		jdbc.sql("""
				insert into oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
				                                  state, created_at)
				values ('abandoned-sign-in', 'console', 'alice', 'authorization_code', 'some-state',
				        now() - interval '2 hours')""").update();

		assertThat(expired.purge()).isGreaterThanOrEqualTo(2);

		assertThat(rowsWithAccessToken(expiring)).isZero();
		assertThat(jdbc.sql("select count(*) from oauth2_authorization where id = 'abandoned-sign-in'")
			.query(Long.class)
			.single()).isZero();
		assertThat(rowsWithAccessToken(live)).isEqualTo(1);
		assertThat(introspect(live)).contains("\"active\":true");
	}

	private long rowsWithAccessToken(String token) {
		return jdbc.sql("select count(*) from oauth2_authorization where access_token_value = :token")
			.param("token", token)
			.query(Long.class)
			.single();
	}

	/** RFC 7662 introspection, as the checkout client: answered from the stored authorization. */
	private String introspect(String token) throws Exception {
		String basic = Base64.getEncoder()
			.encodeToString((AuthServerLogin.CHECKOUT_CLIENT + ":" + AuthServerLogin.CHECKOUT_CLIENT_SECRET)
				.getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> answer = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/introspect"))
					.header("Authorization", "Basic " + basic)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("token=" + token))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return answer.body();
	}

	private AuthServerLogin login() {
		return new AuthServerLogin(URI.create("http://127.0.0.1:" + port));
	}
}
