package io.securecart.platform.messaging;

/** No SQS listener of this service has this id. */
public class UnknownListenerException extends IllegalArgumentException {

	UnknownListenerException(String listenerId) {
		super("No SQS listener with id '%s' in this service".formatted(listenerId));
	}
}
