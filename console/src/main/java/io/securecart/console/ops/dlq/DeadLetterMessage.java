package io.securecart.console.ops.dlq;

import java.time.Instant;
import java.util.Map;

/** A message in a dead-letter queue, as the admin DLQ API shows it (payment tokens already masked). */
record DeadLetterMessage(String messageId, String eventType, String body, int receiveCount, Instant firstReceivedAt,
		Instant sentAt, String messageGroupId, String deduplicationId, Map<String, String> messageAttributes) {
}
