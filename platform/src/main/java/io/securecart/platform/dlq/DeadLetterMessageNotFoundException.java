package io.securecart.platform.dlq;

/** No message with that id waits in the queue's dead-letter queue (it may have been redriven already). */
public class DeadLetterMessageNotFoundException extends RuntimeException {

	DeadLetterMessageNotFoundException(String queue, String messageId) {
		super("No message %s in the dead-letter queue of '%s'".formatted(messageId, queue));
	}
}
