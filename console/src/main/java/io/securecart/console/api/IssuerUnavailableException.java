package io.securecart.console.api;

/**
 * The issuer did not answer a token refresh (unreachable, or slower than the console's read timeout): a moment's
 * outage, shown as 503, not a reason to sign in again against the same issuer.
 */
public class IssuerUnavailableException extends RuntimeException {

	public IssuerUnavailableException(Throwable cause) {
		super("The sign-in service did not answer; try again in a moment", cause);
	}
}
