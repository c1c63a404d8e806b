package io.securecart.payment.gateway;

/**
 * The payment gateway could not answer (network error, 5xx, outage). Transient: the call is retried, counts as a
 * failure for the circuit breaker, and a message whose payment could not be decided goes back to its queue.
 */
public class GatewayUnavailableException extends RuntimeException {

	public GatewayUnavailableException(String message) {
		super(message);
	}

	public GatewayUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
