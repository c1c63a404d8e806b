package io.securecart.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
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

	private static final TestTokens SHARED = start();

	private final RSAKey key;

	private final JwtEncoder encoder;

	private final URI jwkSetUri;

	private TestTokens(RSAKey key, URI jwkSetUri) {
		this.key = key;
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		this.jwkSetUri = jwkSetUri;
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
			server.setExecutor(null);
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
			return new TestTokens(key,
					URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks"));
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException("Could not start the test issuer", ex);
		}
	}

	/** What a service needs to trust this issuer: the same properties it reads in production. */
	public Map<String, Object> resourceServerProperties() {
		return Map.of("securecart.security.issuer-uri", ISSUER, "securecart.security.jwk-set-uri",
				jwkSetUri.toString(), "securecart.security.audience", AUDIENCE);
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
