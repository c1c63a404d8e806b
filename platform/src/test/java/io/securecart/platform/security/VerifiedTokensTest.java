package io.securecart.platform.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.securecart.testsupport.MovableClock;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token's signature is verified once; its claims, on every request, against the time of that request by the service's
 * clock, not the machine's.
 */
class VerifiedTokensTest {

	private static final TestTokens TEST_ISSUER = TestTokens.shared();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T07:00:00Z"));

	private final AtomicInteger signatureChecks = new AtomicInteger();

	private final VerifiedTokens tokens = new VerifiedTokens(countingSignatureVerifier(), claimsValidator(), clock);

	@Test
	void verifiesTheSignatureOfATokenOnlyTheFirstTimeItIsSeen() {
		String token = token("alice", TestTokens.ISSUER, clock.instant().plus(Duration.ofMinutes(5)));

		Jwt first = tokens.decode(token);
		Jwt again = tokens.decode(token);

		assertThat(again.getSubject()).isEqualTo("alice");
		assertThat(again.getTokenValue()).isEqualTo(first.getTokenValue());
		assertThat(signatureChecks).hasValue(1);
	}

	@Test
	void aTokenSeenBeforeIsRefusedOnceItHasExpired() {
		String token = token("alice", TestTokens.ISSUER, clock.instant().plus(Duration.ofMinutes(5)));
		assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");

		clock.advance(Duration.ofMinutes(5).plus(ResourceServerAutoConfiguration.ALLOWED_CLOCK_SKEW).plusSeconds(1));

		assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
		assertThat(signatureChecks).hasValue(1);
	}

	@Test
	void aLongLivedTokensSignatureIsVerifiedAgainEveryFiveMinutes() {
		String token = token("alice", TestTokens.ISSUER, clock.instant().plus(Duration.ofHours(1)));
		tokens.decode(token);

		clock.advance(Duration.ofMinutes(4));
		tokens.decode(token);
		assertThat(signatureChecks).as("trusted for 5 minutes").hasValue(1);

		clock.advance(Duration.ofMinutes(1).plusSeconds(1));
		assertThat(tokens.decode(token).getSubject()).isEqualTo("alice");
		assertThat(signatureChecks).as("then verified again, as a withdrawn key would be noticed").hasValue(2);
	}

	@Test
	void aTokenWithTheWrongClaimsIsRefusedEveryTime() {
		String foreign = token("mallory", "http://evil.example", clock.instant().plus(Duration.ofMinutes(5)));

		assertThatThrownBy(() -> tokens.decode(foreign)).isInstanceOf(JwtValidationException.class);
		assertThatThrownBy(() -> tokens.decode(foreign)).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("iss");
	}

	@Test
	void aForgedTokenIsVerifiedAndRefusedEveryTime() {
		String[] parts = token("alice", TestTokens.ISSUER, clock.instant().plus(Duration.ofMinutes(5))).split("\\.");
		String otherClaims = token("ops", TestTokens.ISSUER, clock.instant().plus(Duration.ofMinutes(5))).split("\\.")[1];
		String forged = parts[0] + "." + otherClaims + "." + parts[2];

		assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
		assertThat(signatureChecks).as("a token that failed is not remembered").hasValue(2);
	}

	private static String token(String subject, String issuer, Instant expiresAt) {
		return TEST_ISSUER.token(subject, List.of("CUSTOMER"), issuer, TestTokens.AUDIENCE, expiresAt);
	}

	private JwtDecoder countingSignatureVerifier() {
		NimbusJwtDecoder nimbus = NimbusJwtDecoder
			.withJwkSetUri(TEST_ISSUER.resourceServerProperties().get("securecart.security.jwk-set-uri").toString())
			.build();
		nimbus.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		return token -> {
			signatureChecks.incrementAndGet();
			return nimbus.decode(token);
		};
	}

	/** The service's own claims checks, judging expiry by this test's clock (days behind the machine's). */
	private OAuth2TokenValidator<Jwt> claimsValidator() {
		return ResourceServerAutoConfiguration.claimsValidator(new ResourceServerProperties(
				URI.create(TestTokens.ISSUER), URI.create("http://unused.example/jwks"), TestTokens.AUDIENCE, "aud",
				"roles"), clock);
	}

}
