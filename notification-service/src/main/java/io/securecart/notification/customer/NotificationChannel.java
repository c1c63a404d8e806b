package io.securecart.notification.customer;

/**
 * How a notification reaches its customer. The default, {@link LoggingNotificationChannel}, writes a log line; an
 * email channel (Amazon SES, say) replaces it as another bean implementing this interface.
 * <p>
 * It is called after the transaction that recorded the notification commits, once per notification, with the
 * notification's row locked ({@link NotificationDelivery}). When it throws, the notification stays unsent and is
 * offered again by the sweep, alone. A channel that sent but whose notification could then not be marked sent sends
 * again at the sweep, so the customer may, rarely, hear twice; never not at all.
 */
public interface NotificationChannel {

	void send(Notification notification);
}
