package io.securecart.platform.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a message that failed waits before its next delivery: {@code initial * multiplier^(receives - 1)}
 * seconds, capped. After the queue's {@code maxReceiveCount} receives, SQS moves it to the dead-letter queue.
 */
@ConfigurationProperties("securecart.messaging.retry")
public record ListenerRetryProperties(@DefaultValue("1") int initialVisibilityTimeoutSeconds,
		@DefaultValue("2.0") double multiplier, @DefaultValue("60") int maxVisibilityTimeoutSeconds) {
}
