package io.securecart.notification.notification;

import io.securecart.contracts.events.OrderEvent;

/**
 * An event arrived that customers are not told about. The filter policy of {@code notification-order-events} never
 * routes one here, so its arrival is a bug (in the topology or in a publisher) to surface, not to acknowledge: the
 * message fails, and after the queue's {@code maxReceiveCount} receives it waits in the dead-letter queue.
 */
class NotCustomerFacingEventException extends IllegalArgumentException {

	NotCustomerFacingEventException(OrderEvent event) {
		super("Customers are not notified of %s (event %s, order %s): the filter policy of notification-order-events should not have routed it here"
			.formatted(event.eventType(), event.eventId(), event.orderId()));
	}
}
