package io.securecart.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.util.ConcurrentLruCache;

/**
 * Checks a bearer token's signature once, and its claims on every request. A caller sends the same token until it
 * expires (a shopper's for the session, checkout's service token on every catalog call), and the RS256 verification
 * was the costliest step of a request (benchmarks/measurements.md, session 27). So the last {@value #CAPACITY} tokens whose
 * signature verified are kept, and a repeat skips straight to the {@code validator}: expiry, issuer and audience,
 * judged now, so a token still expires on time.
 * <p>
 * Only a token whose signature verified is kept; a forged or malformed one is verified (and refused) every time. A
 * kept token's signature is verified again once {@link #VERIFY_AGAIN_AFTER} has passed, so a token whose signing key
 * was withdrawn from the issuer's key set is refused within that (plus the key set's own cache time), not only when
 * it expires: the issuer's tokens live up to an hour (the command line's), Cognito's likewise.
 */
final class VerifiedTokens implements JwtDecoder {

	/** Tokens, not users: a bound on memory (a few KB a token with its claims), far above one instance's callers. */
	static final int CAPACITY = 4096;

	/** How long a verified signature is trusted before it is verified again: as long as the key set is cached. */
	static final Duration VERIFY_AGAIN_AFTER = Duration.ofMinutes(5);

	private final ConcurrentLruCache<String, Verified> signatureVerified;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Clock clock;

	/**
	 * @param signatureVerifier decodes a token and verifies its signature, and judges none of its claims
	 * @param validator the claims every request checks
	 */
	VerifiedTokens(JwtDecoder signatureVerifier, OAuth2TokenValidator<Jwt> validator, Clock clock) {
		this.signatureVerified = new ConcurrentLruCache<>(CAPACITY,
				token -> new Verified(signatureVerifier.decode(token), clock.instant()));
		this.validator = validator;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Verified verified = signatureVerified.get(token);
		// The claims first: an expired token is refused without a signature check.
		OAuth2TokenValidatorResult result = validator.validate(verified.jwt());
		if (result.hasErrors()) {
			OAuth2Error first = result.getErrors().iterator().next();
			throw new JwtValidationException(
					"An error occurred while attempting to decode the Jwt: " + first.getDescription(),
					result.getErrors());
		}
		if (clock.instant().isAfter(verified.at().plus(VERIFY_AGAIN_AFTER))) {
			signatureVerified.remove(token);
			verified = signatureVerified.get(token);
		}
		return verified.jwt();
	}

	private record Verified(Jwt jwt, Instant at) {
	}
}
