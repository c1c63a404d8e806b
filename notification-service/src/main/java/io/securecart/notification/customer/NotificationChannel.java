package io.securecart.notification.customer;

/**
 * How a notification reaches its customer. The default, {@link LoggingNotificationChannel}, writes a log line; an
 * email channel (Amazon SES, say) replaces it as another bean implementing this interface.
 * <p>
 * It is called after the transaction that recorded the notification commits, once per attempt, with no transaction
 * open: the notification is claimed for the call (ADR 36), so no other sender calls it for the same one meanwhile, and
 * no connection or row lock is held while it works ({@link NotificationDelivery}). When it throws, the notification
 * stays unsent and is offered again by the sweep, alone.
 * <p>
 * A call should end on its own within a bounded time (a real channel sets its client's timeouts) and stop when
 * interrupted. Its sender waits {@code securecart.notification.send-timeout} at most, then interrupts it and counts
 * the attempt as failed. Delivery is at least once: a channel that delivers after that timeout, or whose notification
 * could not then be marked sent, sends again at the sweep, so the customer may, rarely, hear twice; never not at all.
 * The notification's id is the same at every attempt: a channel whose provider takes an idempotency key passes it.
 */
public interface NotificationChannel {

	void send(Notification notification);
}
