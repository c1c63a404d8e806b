package io.securecart.notification.customer;

import io.securecart.contracts.events.OrderEvent;
import io.securecart.platform.messaging.UnexpectedEventException;

/**
 * An event arrived that customers are not told about. The filter policy of {@code notification-order-events} never
 * routes one here, so its arrival is a bug (in the topology or in a publisher) to surface, not to acknowledge: the
 * message fails, and after the queue's {@code maxReceiveCount} receives it waits in the dead-letter queue.
 */
class NotCustomerFacingEventException extends UnexpectedEventException {

	NotCustomerFacingEventException(OrderEvent event) {
		super("notification-service (customers are not notified of it)", event);
	}
}
