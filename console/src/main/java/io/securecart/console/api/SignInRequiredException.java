package io.securecart.console.api;

import org.springframework.security.core.AuthenticationException;

/**
 * The user's session has no usable access token any more (it expired and could not be refreshed): sign in again. An
 * {@link AuthenticationException}, so that one a controller lets out reaches Spring Security's
 * {@code ExceptionTranslationFilter} (nothing in Spring MVC handles it) and the session is sent to sign in as by any
 * page that needs it: a page is saved to come back to and sent to the issuer, htmx and scripts get 401
 * ({@code ConsoleSecurityConfiguration}).
 */
public class SignInRequiredException extends AuthenticationException {

	public SignInRequiredException(String message, Throwable cause) {
		super(message, cause);
	}
}
