package io.securecart.platform.dlq;

/**
 * The broker could not serve a DLQ request now: it did not answer in time, throttled it, or failed on its side. The
 * same request may succeed in a moment, so it is a 503 with {@code Retry-After}, not a 500 that reads as a bug.
 */
public class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(RuntimeException cause) {
		super("The message broker cannot serve this request now (" + cause.getClass().getSimpleName()
				+ "); try again shortly", cause);
	}
}
