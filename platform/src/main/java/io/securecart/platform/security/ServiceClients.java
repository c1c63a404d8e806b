package io.securecart.platform.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Rules for endpoints that only another SecureCart service may call, as itself (client credentials). */
public final class ServiceClients {

	private ServiceClients() {
	}

	/** Grants a verified token with the {@code SERVICE} role whose subject is {@code clientId}, and nobody else. */
	public static AuthorizationManager<RequestAuthorizationContext> only(String clientId) {
		return (authentication, context) -> {
			var caller = authentication.get();
			boolean granted = caller != null && caller.isAuthenticated()
					&& !(caller instanceof AnonymousAuthenticationToken) && clientId.equals(caller.getName())
					&& Caller.of(caller).roles().contains(Roles.SERVICE);
			return new AuthorizationDecision(granted);
		};
	}
}
