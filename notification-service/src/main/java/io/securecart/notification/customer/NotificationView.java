package io.securecart.notification.customer;

import java.time.Instant;
import java.util.UUID;

/** A notification as {@code GET /api/notifications} shows it. */
record NotificationView(UUID id, UUID orderId, String customerId, NotificationKind kind, String message,
		Instant createdAt) {

	static NotificationView of(Notification notification) {
		return new NotificationView(notification.getId(), notification.getOrderId(), notification.getCustomerId(),
				notification.getKind(), notification.getMessage(), notification.getCreatedAt());
	}
}
