package io.securecart.console.api;

/** The user's session has no usable access token any more (it expired and could not be refreshed): sign in again. */
public class SignInRequiredException extends RuntimeException {

	public SignInRequiredException(String message, Throwable cause) {
		super(message, cause);
	}
}
