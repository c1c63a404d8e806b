package io.securecart.console.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Signing out revokes the user's refresh token at the issuer (RFC 7009), as the console client. */
class RefreshTokenRevocationTest {

	private final List<String> revocations = new CopyOnWriteArrayList<>();

	private final HttpServer issuer = issuer();

	private final RefreshTokenRevocation revocation = new RefreshTokenRevocation(new JdkClientHttpRequestFactory());

	@AfterEach
	void stopIssuer() {
		issuer.stop(0);
	}

	@Test
	void theRefreshTokenIsRevokedAtTheIssuerAsTheConsoleClient() {
		revocation.revoke(signedIn("http://127.0.0.1:" + issuer.getAddress().getPort() + "/oauth2/token"));

		assertThat(revocations).containsExactly("Basic "
				+ Base64.getEncoder().encodeToString("console:console-demo-secret".getBytes(StandardCharsets.UTF_8))
				+ " token=the-refresh-token&token_type_hint=refresh_token");
	}

	@Test
	void anIssuerThatCannotBeReachedDoesNotStopTheSignOut() {
		issuer.stop(0);

		String tokenUri = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/oauth2/token";

		assertThatNoException().isThrownBy(() -> revocation.revoke(signedIn(tokenUri)));
	}

	@Test
	void theEndpointIsTheTokenEndpointsSibling() {
		assertThat(RefreshTokenRevocation.revocationEndpoint("http://localhost:9000/oauth2/token"))
			.isEqualTo("http://localhost:9000/oauth2/revoke");
		String cognito = "https://securecart.auth.eu-west-1.amazoncognito.com/oauth2/";
		assertThat(RefreshTokenRevocation.revocationEndpoint(cognito + "token")).isEqualTo(cognito + "revoke");
	}

	private HttpServer issuer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/oauth2/revoke", exchange -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				revocations.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
						+ URLDecoder.decode(body, StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static OAuth2AuthorizedClient signedIn(String tokenUri) {
		ClientRegistration console = ClientRegistration.withRegistrationId("securecart")
			.clientId("console")
			.clientSecret("console-demo-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri("http://127.0.0.1/oauth2/authorize")
			.tokenUri(tokenUri)
			.build();
		Instant issued = Instant.parse("2026-12-05T19:00:00Z");
		return new OAuth2AuthorizedClient(console, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", issued, issued.plusSeconds(900)),
				new OAuth2RefreshToken("the-refresh-token", issued));
	}
}
