package io.securecart.platform.dlq;

import java.time.Instant;
import java.util.Map;

/**
 * A message as it sits in a dead-letter queue, for an operator to inspect before redriving it.
 *
 * @param receiveCount how often it was received; past the source queue's maxReceiveCount SQS moved it here
 * @param body the body, with any payment token masked
 */
public record DeadLetterMessage(String messageId, String eventType, String body, int receiveCount,
		Instant firstReceivedAt, Instant sentAt, String messageGroupId, String deduplicationId,
		Map<String, String> messageAttributes) {
}
