package io.securecart.notification.customer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service sends what it recorded.
 *
 * @param resendInterval how often the sweep looks for notifications that were recorded and not sent (their channel
 * failed, or the service stopped between the commit and the send), and how old one must be before the sweep takes it
 * from the send that follows its commit
 * @param resendBatch how many the sweep sends at most per round, oldest first
 */
@ConfigurationProperties("securecart.notification")
record NotificationProperties(@DefaultValue("30s") Duration resendInterval, @DefaultValue("100") int resendBatch) {
}
