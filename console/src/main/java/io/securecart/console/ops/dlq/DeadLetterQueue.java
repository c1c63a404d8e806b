package io.securecart.console.ops.dlq;

import io.securecart.console.api.Service;

/** One dead-letter queue as a service's admin DLQ API lists it, and the service that answered for it. */
record DeadLetterQueue(Service service, String queue, String deadLetterQueue, int maxReceiveCount, int messages,
		String kind) {

	record Summary(String queue, String deadLetterQueue, int maxReceiveCount, int messages, String kind) {
	}
}
