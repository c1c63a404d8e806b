package io.securecart.notification.customer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service sends what it recorded.
 *
 * @param resendInterval how often the sweep looks for notifications that were recorded and not sent (their channel
 * failed or did not answer in time, or the service stopped between the commit and the send), and how old one must be
 * before the sweep takes it from the send that follows its commit
 * @param resendBatch how many the sweep sends at most per round, oldest first
 * @param sendTimeout how long a send waits for the channel: one that has not answered by then is a failed attempt,
 * tried again by the sweep
 * @param senders how many notifications are sent at once at most (each takes a pooled connection twice, briefly,
 * and never while the channel works)
 */
@ConfigurationProperties("securecart.notification")
record NotificationProperties(@DefaultValue("30s") Duration resendInterval, @DefaultValue("100") int resendBatch,
		@DefaultValue("10s") Duration sendTimeout, @DefaultValue("4") int senders) {

	NotificationProperties {
		if (!sendTimeout.isPositive()) {
			// Every send would fail before the channel could answer: nobody would ever be told.
			throw new IllegalArgumentException(
					"securecart.notification.send-timeout must be positive, not " + sendTimeout);
		}
		if (senders < 1) {
			// Nothing would send: every notification would wait unsent for ever.
			throw new IllegalArgumentException("securecart.notification.senders must be at least 1, not " + senders);
		}
	}

	/**
	 * How long a sender holds a notification it claimed: twice {@link #sendTimeout()}, so a sender gives up on the
	 * channel at the timeout and saves the outcome well before its claim runs out. A claim that ran out means its
	 * sender stopped (or is stuck on the database), and the sweep takes the notification again.
	 */
	Duration claimFor() {
		return sendTimeout.multipliedBy(2);
	}
}
