package io.securecart.platform.security;

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
 * token stays accepted while it is valid even if its signing key is withdrawn from the issuer's key set meanwhile:
 * at most its lifetime (5 minutes for SecureCart's issuer), about as long as the key set itself is cached.
 */
final class VerifiedTokens implements JwtDecoder {

	/** Tokens, not users: a bound on memory (a few KB a token with its claims), far above one instance's callers. */
	static final int CAPACITY = 4096;

	private final ConcurrentLruCache<String, Jwt> signatureVerified;

	private final OAuth2TokenValidator<Jwt> validator;

	/**
	 * @param signatureVerifier decodes a token and verifies its signature, and judges none of its claims
	 * @param validator the claims every request checks
	 */
	VerifiedTokens(JwtDecoder signatureVerifier, OAuth2TokenValidator<Jwt> validator) {
		this.signatureVerified = new ConcurrentLruCache<>(CAPACITY, signatureVerifier::decode);
		this.validator = validator;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = signatureVerified.get(token);
		OAuth2TokenValidatorResult result = validator.validate(jwt);
		if (result.hasErrors()) {
			OAuth2Error first = result.getErrors().iterator().next();
			throw new JwtValidationException(
					"An error occurred while attempting to decode the Jwt: " + first.getDescription(),
					result.getErrors());
		}
		return jwt;
	}

}
