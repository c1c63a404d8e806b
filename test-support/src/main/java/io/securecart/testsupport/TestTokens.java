package io.securecart.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * A test issuer for integration tests: an RSA key, its JWK set served on the loopback interface, and signed access
 * tokens shaped like SecureCart's authorization server's ({@code sub}, {@code roles}, {@code aud}, {@code iss}).
 * {@link ServiceIntegrationTest} points the service's real token validation at it, so an integration test exercises
 * signature, issuer, audience and expiry checks, not a mock of them. The e2e tests use the real authorization server
 * instead ({@link AuthServerLogin}).
 */
public final class TestTokens {

	public static final String ISSUER = "http://securecart-test-issuer";

	public static final String AUDIENCE = "securecart";

	/** The demo service clients and their secrets, as the authorization server registers them. */
	private static final Map<String, String> SERVICE_CLIENTS = Map.of("checkout-service", "checkout-demo-secret");

	private static final TestTokens SHARED = start();

	private final RSAKey key;

	private final JwtEncoder encoder;

	private final URI jwkSetUri;

	private final URI tokenUri;

	private final JwtDecoder decoder;

	private TestTokens(RSAKey key, URI jwkSetUri, URI tokenUri) throws JOSEException {
		this.key = key;
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		this.decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		this.jwkSetUri = jwkSetUri;
		this.tokenUri = tokenUri;
	}

	/** The client id of a {@code Basic} header with a known client's secret, or null. */
	private static String authenticatedClient(String authorization) {
		if (authorization == null || !authorization.startsWith("Basic ")) {
			return null;
		}
		String[] idAndSecret = new String(Base64.getDecoder().decode(authorization.substring(6)),
				StandardCharsets.UTF_8)
			.split(":", 2);
		String id = URLDecoder.decode(idAndSecret[0], StandardCharsets.UTF_8);
		return idAndSecret.length == 2
				&& URLDecoder.decode(idAndSecret[1], StandardCharsets.UTF_8).equals(SERVICE_CLIENTS.get(id)) ? id : null;
	}

	/**
	 * The verified token of an {@code Authorization} header (signature and expiry), for stubs of other services that
	 * must see who called them.
	 * @throws org.springframework.security.oauth2.jwt.JwtException if it is not one of this issuer's valid tokens
	 */
	public Jwt verify(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			throw new org.springframework.security.oauth2.jwt.BadJwtException("No bearer token");
		}
		return decoder.decode(authorization.substring(7));
	}

	public static TestTokens shared() {
		return SHARED;
	}

	private static TestTokens start() {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/oauth2/jwks", exchange -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			server.createContext("/oauth2/token", exchange -> {
				try (exchange) {
					String clientId = TestTokens.authenticatedClient(exchange.getRequestHeaders().getFirst("Authorization"));
					byte[] answer = clientId == null ? "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8)
							: "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":600}"
								.formatted(shared().bearer(clientId, List.of("SERVICE")).substring(7))
								.getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().set("Content-Type", "application/json");
					exchange.sendResponseHeaders(clientId == null ? 401 : 200, answer.length);
					exchange.getResponseBody().write(answer);
				}
			});
			server.setExecutor(null);
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
			String base = "http://127.0.0.1:" + server.getAddress().getPort();
			return new TestTokens(key, URI.create(base + "/oauth2/jwks"), URI.create(base + "/oauth2/token"));
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException("Could not start the test issuer", ex);
		}
	}

	/**
	 * What a service needs to trust this issuer, and (checkout) to get its own service token from it: the same
	 * properties it reads in production.
	 */
	public Map<String, Object> resourceServerProperties() {
		return Map.of("securecart.security.issuer-uri", ISSUER, "securecart.security.jwk-set-uri",
				jwkSetUri.toString(), "securecart.security.audience", AUDIENCE,
				"spring.security.oauth2.client.provider.securecart.token-uri", tokenUri.toString());
	}

	/** {@code Bearer ...} for a customer. */
	public String customer(String username) {
		return bearer(username, List.of("CUSTOMER"));
	}

	/** {@code Bearer ...} for the back office. */
	public String admin() {
		return bearer("ops", List.of("ADMIN"));
	}

	/** {@code Bearer ...} for a service client (client credentials: the subject is the client id). */
	public String service(String clientId) {
		return bearer(clientId, List.of("SERVICE"));
	}

	public String bearer(String subject, List<String> roles) {
		return "Bearer " + token(subject, roles, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofMinutes(10)));
	}

	/** A token with any issuer, audience and expiry, to prove that the wrong ones are refused. */
	public String token(String subject, List<String> roles, String issuer, String audience, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(subject)
			.audience(List.of(audience))
			.issuedAt(expiresAt.minus(Duration.ofMinutes(15)))
			.expiresAt(expiresAt)
			.claim("roles", roles)
			.build();
		return encoder.encode(JwtEncoderParameters.from(claims)).getTokenValue();
	}

	/** The key's id, to tell this issuer's tokens apart in a failure message. */
	public String keyId() {
		return key.getKeyID();
	}
}
