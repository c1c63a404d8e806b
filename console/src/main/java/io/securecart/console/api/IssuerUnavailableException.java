package io.securecart.console.api;

/**
 * The issuer did not answer a token refresh so that it could be judged (unreachable, slower than the console's read
 * timeout, 5xx, 429, a 400 saying it failed, an answer that cannot be read or has no body), or did so moments ago and
 * is left alone for a while ({@code AccessTokens.BACK_OFF}): a moment's outage, shown as 503, not a reason to forget
 * the session's tokens or to sign in again against the same issuer.
 */
public class IssuerUnavailableException extends RuntimeException {

	public IssuerUnavailableException(Throwable cause) {
		super("The sign-in service did not answer; try again in a moment", cause);
	}
}
