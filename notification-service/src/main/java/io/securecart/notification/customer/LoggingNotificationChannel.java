package io.securecart.notification.customer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** "Sends" a notification by logging who was told what about which order; the message text stays out of the log. */
@Component
class LoggingNotificationChannel implements NotificationChannel {

	private static final Logger log = LoggerFactory.getLogger(LoggingNotificationChannel.class);

	@Override
	public void send(Notification notification) {
		log.info("Notified customer {}: {} for order {}", notification.getCustomerId(), notification.getKind(),
				notification.getOrderId());
	}
}
