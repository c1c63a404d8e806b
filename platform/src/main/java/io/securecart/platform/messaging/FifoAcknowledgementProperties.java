package io.securecart.platform.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How listeners acknowledge the messages of FIFO queues ({@link FifoListenerComponents}).
 *
 * @param interval the longest a processed message waits for its batch's {@code DeleteMessageBatch}; zero deletes
 * each message at once
 * @param threshold how many processed messages make a batch go out at once (SQS takes at most 10 per request)
 */
@ConfigurationProperties("securecart.messaging.fifo-acknowledgement")
public record FifoAcknowledgementProperties(@DefaultValue("250ms") Duration interval,
		@DefaultValue("10") int threshold) {
}
