package io.securecart.console.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Revokes a signed-out user's refresh token at the issuer (RFC 7009), as the console client. Forgetting it here is not
 * enough: it would stay good at the issuer for the rest of its 8 hours, for whoever got hold of it. The revocation
 * endpoint is the token endpoint's sibling ({@code .../token} becomes {@code .../revoke}), as on Spring Authorization
 * Server and Cognito alike. A revocation that fails is a WARN: signing out still completes. Public only for
 * {@code ConsoleEndpointAuthorizationTest}'s sign-out.
 */
@Component
public class RefreshTokenRevocation {

	private static final Logger log = LoggerFactory.getLogger(RefreshTokenRevocation.class);

	private final RestClient http;

	RefreshTokenRevocation(ClientHttpRequestFactory outgoingCalls) {
		this.http = RestClient.builder().requestFactory(outgoingCalls).build();
	}

	public void revoke(OAuth2AuthorizedClient client) {
		if (client.getRefreshToken() == null) {
			return;
		}
		ClientRegistration registration = client.getClientRegistration();
		String endpoint = revocationEndpoint(registration.getProviderDetails().getTokenUri());
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", client.getRefreshToken().getTokenValue());
		form.add("token_type_hint", "refresh_token");
		try {
			http.post()
				.uri(endpoint)
				.headers(headers -> headers.setBasicAuth(registration.getClientId(), registration.getClientSecret()))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			// Never the token: the user and what went wrong.
			log.warn("Could not revoke the refresh token of {} at {}: {}", client.getPrincipalName(), endpoint,
					ex.getClass().getSimpleName());
		}
	}

	static String revocationEndpoint(String tokenUri) {
		return tokenUri.replaceFirst("/token$", "/revoke");
	}
}
