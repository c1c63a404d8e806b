package io.securecart.auth;

import java.net.URI;
import java.util.List;

import io.securecart.testsupport.AuthServerLogin;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The issuer as the services and the command line meet it: real HTTP, the authorization code flow with PKCE through
 * the login form for users, client credentials for services, and tokens verified against the published JWK set.
 * The issuer's database (rate-limit buckets, authorizations) is the test PostgreSQL's {@code auth}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "AUTH_ISSUER=http://issuer.test")
@ContextConfiguration(initializers = SecureCartInfrastructureInitializer.class)
class TokenFlowIT {

	@Value("${local.server.port}")
	int port;

	@Test
	void aCustomerSignsInWithPkceAndGetsATokenNamingThemAndTheirRole() {
		Jwt token = verify(login().userToken("alice"));

		assertThat(token.getSubject()).isEqualTo("alice");
		assertThat(token.getClaimAsStringList("roles")).containsExactly("CUSTOMER");
		assertThat(token.getAudience()).contains("securecart");
		assertThat(token.getIssuer()).hasToString("http://issuer.test");
	}

	@Test
	void theAdministratorsTokenSaysAdmin() {
		Jwt token = verify(login().userToken("ops"));

		assertThat(token.getSubject()).isEqualTo("ops");
		assertThat(token.getClaimAsStringList("roles")).containsExactly("ADMIN");
	}

	@Test
	void aWrongPasswordGetsNoToken() {
		assertThatThrownBy(() -> login().userToken("alice", "not-her-password"))
			.hasMessageContaining("Expected a redirect to /oauth2/authorize");
	}

	@Test
	void checkoutGetsAServiceTokenWithItsClientCredentials() {
		Jwt token = verify(login().clientToken(AuthServerLogin.CHECKOUT_CLIENT, AuthServerLogin.CHECKOUT_CLIENT_SECRET));

		assertThat(token.getSubject()).isEqualTo("checkout-service");
		assertThat(token.getClaimAsStringList("roles")).isEqualTo(List.of("SERVICE"));
		assertThat(token.getAudience()).contains("securecart");
	}

	@Test
	void prometheusGetsAMetricsTokenThatIsNoServiceToken() {
		Jwt token = verify(login().clientToken(AuthServerLogin.PROMETHEUS_CLIENT,
				AuthServerLogin.PROMETHEUS_CLIENT_SECRET, AuthServerLogin.METRICS_SCOPE));

		assertThat(token.getSubject()).isEqualTo("prometheus");
		assertThat(token.getClaimAsStringList("roles")).isEqualTo(List.of("METRICS"));
	}

	@Test
	void prometheusAskingForNoScopeStillGetsNoServiceToken() {
		Jwt token = verify(login().clientToken(AuthServerLogin.PROMETHEUS_CLIENT,
				AuthServerLogin.PROMETHEUS_CLIENT_SECRET));

		assertThat(token.getSubject()).isEqualTo("prometheus");
		assertThat(token.getClaimAsStringList("roles")).isEqualTo(List.of("METRICS"));
	}

	@Test
	void aWrongClientSecretGetsNoToken() {
		assertThatThrownBy(() -> login().clientToken(AuthServerLogin.CHECKOUT_CLIENT, "guessed"))
			.hasMessageContaining("401");
	}

	private AuthServerLogin login() {
		return new AuthServerLogin(URI.create("http://localhost:" + port));
	}

	private Jwt verify(String token) {
		return NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks").build().decode(token);
	}
}
