package io.securecart.console.security;

import java.text.ParseException;
import java.util.List;
import java.util.function.Supplier;

import com.nimbusds.jwt.JWTParser;
import io.securecart.console.api.AccessTokens;
import io.securecart.console.api.IssuerUnavailableException;
import io.securecart.console.api.SignInRequiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * An admin's pages that the console serves with its own AWS credentials (the workflows, the topology's queue
 * depths): no service checks the caller's token there, so the console checks it itself, against the roles of the
 * user's current access token, not those of their sign-in. A session's authorities are fixed when it signs in, and an
 * active session lasts as long as it is used; an admin removed from {@code ADMIN} would keep these pages until they
 * signed out. The access token is refreshed as it expires (Cognito: an hour; locally 15 minutes), and a refreshed
 * token carries the roles the user has now.
 * <p>
 * The token is read, not verified: the console got it itself from the issuer's token endpoint, as the client the
 * token was issued to. A session whose token cannot be had (its refresh token expired or was revoked) is not refused
 * but sent to sign in again, as on every other page: a full page is sent to the issuer and comes back after, an htmx
 * poll gets 401 with {@code HX-Redirect} and is not saved as the page to come back to
 * ({@link ConsoleSecurityConfiguration}). An issuer that does not answer refuses the page (403) until it does: a
 * sign-in there would not get further.
 */
final class AdminByCurrentToken implements AuthorizationManager<RequestAuthorizationContext> {

	private static final Logger log = LoggerFactory.getLogger(AdminByCurrentToken.class);

	private final ObjectProvider<AccessTokens> accessTokens;

	private final String rolesClaim;

	AdminByCurrentToken(ObjectProvider<AccessTokens> accessTokens, String rolesClaim) {
		this.accessTokens = accessTokens;
		this.rolesClaim = rolesClaim;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext request) {
		Authentication user = authentication.get();
		boolean signedInAsAdmin = user != null && user.isAuthenticated() && user.getAuthorities()
			.stream()
			.anyMatch(authority -> ("ROLE_" + ConsoleSecurityConfiguration.ADMIN).equals(authority.getAuthority()));
		return new AuthorizationDecision(signedInAsAdmin && adminNow(user));
	}

	private boolean adminNow(Authentication user) {
		AccessTokens tokens = accessTokens.getIfAvailable();
		if (tokens == null) {
			return false;
		}
		try {
			List<String> roles = JWTParser.parse(tokens.of(user)).getJWTClaimsSet().getStringListClaim(rolesClaim);
			if (roles != null && roles.contains(ConsoleSecurityConfiguration.ADMIN)) {
				return true;
			}
			log.warn("{} signed in as an admin but is no longer one (their current access token says so): refused",
					user.getName());
			return false;
		}
		catch (SignInRequiredException ex) {
			// Not a 403 for an admin who may well still be one: the filters send the session to sign in again.
			throw new InsufficientAuthenticationException("The session must sign in again", ex);
		}
		catch (IssuerUnavailableException | ParseException ex) {
			return false;
		}
	}
}
