package io.securecart.console.shop;

import java.time.Instant;
import java.util.UUID;

/** A message notification-service sent the customer. */
record Notification(UUID id, UUID orderId, String kind, String message, Instant createdAt) {
}
