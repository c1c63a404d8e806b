package io.securecart.platform.dlq;

/** A source queue, its dead-letter queue, and how many messages wait there. */
public record DeadLetterQueueSummary(String queue, String deadLetterQueue, int maxReceiveCount, int messages) {
}
