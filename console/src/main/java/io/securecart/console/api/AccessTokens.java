package io.securecart.console.api;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;

/**
 * The signed-in user's access token, refreshed when it has expired. Works outside a request too (the order tracker
 * polls on a scheduler thread), because the authorized clients live in the {@code OAuth2AuthorizedClientService}.
 */
@Component
public class AccessTokens {

	public static final String REGISTRATION = "securecart";

	private final OAuth2AuthorizedClientManager clients;

	AccessTokens(OAuth2AuthorizedClientManager clients) {
		this.clients = clients;
	}

	public String of(Authentication user) {
		OAuth2AuthorizedClient client;
		try {
			client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
				.principal(user)
				.build());
		}
		catch (ClientAuthorizationException ex) {
			throw new SignInRequiredException("The session's token could not be refreshed", ex);
		}
		if (client == null) {
			throw new SignInRequiredException("No token for this session", null);
		}
		return client.getAccessToken().getTokenValue();
	}
}
