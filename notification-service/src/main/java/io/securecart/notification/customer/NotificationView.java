package io.securecart.notification.customer;

import java.time.Instant;
import java.util.UUID;

/** A notification as {@code GET /api/notifications} shows it; {@code sentAt} is null until the channel took it. */
record NotificationView(UUID id, UUID orderId, String customerId, NotificationKind kind, String message,
		Instant createdAt, Instant sentAt) {

	static NotificationView of(Notification notification) {
		return new NotificationView(notification.getId(), notification.getOrderId(), notification.getCustomerId(),
				notification.getKind(), notification.getMessage(), notification.getCreatedAt(), notification.getSentAt());
	}
}
