package io.securecart.notification.customer;

/**
 * How a notification reaches its customer. The default, {@link LoggingNotificationChannel}, writes a log line; an
 * email channel (Amazon SES, say) replaces it as another bean implementing this interface.
 * <p>
 * It is called inside the transaction that records the notification, after the record is inserted: when it throws,
 * nothing is recorded and the event is retried. A channel that sent but whose transaction then failed to commit
 * sends again on the retry, so the customer may, rarely, hear twice; never not at all.
 */
public interface NotificationChannel {

	void send(Notification notification);
}
