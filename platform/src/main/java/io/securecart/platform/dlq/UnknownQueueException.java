package io.securecart.platform.dlq;

import java.util.List;

/** The queue is not one of this service's, or has no dead-letter queue. */
public class UnknownQueueException extends IllegalArgumentException {

	UnknownQueueException(String queue, List<String> known) {
		super("Queue '%s' is not a queue of this service with a dead-letter queue; known: %s".formatted(queue, known));
	}
}
