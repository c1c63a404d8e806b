package io.securecart.notification.customer;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;

import org.springframework.stereotype.Component;

/** Every event on {@code notification-order-events}; the filter policy lets through only the customer-facing ones. */
@Component
class OrderEventsListener {

	private final Notifications notifications;

	OrderEventsListener(Notifications notifications) {
		this.notifications = notifications;
	}

	@SqsListener(value = MessagingNames.NOTIFICATION_QUEUE, id = "order-events")
	void on(OrderEvent event) {
		notifications.notifyCustomer(event);
	}
}
