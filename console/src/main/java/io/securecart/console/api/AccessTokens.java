package io.securecart.console.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * The signed-in user's access token, refreshed when it has expired. Works outside a request too (the order tracker
 * polls on a scheduler thread), because the authorized clients live in the {@code OAuth2AuthorizedClientService}.
 */
@Component
public class AccessTokens {

	public static final String REGISTRATION = "securecart";

	/**
	 * A token the services refuse (401) though it has not expired was signed with a key the issuer no longer has (it
	 * restarted) or is otherwise stale: signing in again gets one they accept. One issued this recently is not stale;
	 * its refusal is a fault to show, or signing in would loop.
	 */
	static final Duration FRESH = Duration.ofMinutes(1);

	private final OAuth2AuthorizedClientManager clients;

	private final OAuth2AuthorizedClientService authorizedClients;

	private final Clock clock;

	AccessTokens(OAuth2AuthorizedClientManager clients, OAuth2AuthorizedClientService authorizedClients, Clock clock) {
		this.clients = clients;
		this.authorizedClients = authorizedClients;
		this.clock = clock;
	}

	public String of(Authentication user) {
		OAuth2AuthorizedClient client;
		try {
			client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
				.principal(user)
				.build());
		}
		catch (ClientAuthorizationException ex) {
			if (unanswered(ex)) {
				throw new IssuerUnavailableException(ex);
			}
			throw new SignInRequiredException("The session's token could not be refreshed", ex);
		}
		if (client == null) {
			throw new SignInRequiredException("No token for this session", null);
		}
		return client.getAccessToken().getTokenValue();
	}

	/**
	 * A service answered 401 to {@code token}: unless it is fresh, the user's tokens are forgotten and they are asked
	 * to sign in again.
	 * @throws SignInRequiredException when the refused token was not fresh
	 */
	void refused(Authentication user, String token) {
		OAuth2AuthorizedClient client = authorizedClients.loadAuthorizedClient(REGISTRATION, user.getName());
		OAuth2AccessToken held = client == null ? null : client.getAccessToken();
		if (held == null || !held.getTokenValue().equals(token)) {
			return; // refreshed or signed out meanwhile: the next call uses what the user has now
		}
		Instant issuedAt = held.getIssuedAt();
		if (issuedAt != null && issuedAt.isAfter(clock.instant().minus(FRESH))) {
			return;
		}
		authorizedClients.removeAuthorizedClient(REGISTRATION, user.getName());
		throw new SignInRequiredException("The services no longer accept this session's token", null);
	}

	/** The issuer did not answer (I/O: refused, reset, timed out), as opposed to answering no. */
	private static boolean unanswered(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ResourceAccessException) {
				return true;
			}
		}
		return false;
	}
}
