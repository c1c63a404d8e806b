package io.securecart.platform.dlq;

/**
 * A source queue, one of its dead-letter queues, and how many messages wait there.
 *
 * @param kind {@code RECEIVES}: SQS moved messages here after {@code maxReceiveCount} failed receives;
 * {@code SNS_DELIVERY}: SNS could not deliver to the queue at all (the subscription's RedrivePolicy), and
 * {@code maxReceiveCount} is 0
 */
public record DeadLetterQueueSummary(String queue, String deadLetterQueue, int maxReceiveCount, int messages,
		Kind kind) {

	public enum Kind {

		RECEIVES, SNS_DELIVERY

	}
}
