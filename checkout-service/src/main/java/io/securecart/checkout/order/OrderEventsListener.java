package io.securecart.checkout.order;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;

import org.springframework.stereotype.Component;

/** Every order event after {@code OrderPlaced}, from checkout's own queue on the order-events topic. */
@Component
class OrderEventsListener {

	private final Orders orders;

	OrderEventsListener(Orders orders) {
		this.orders = orders;
	}

	@SqsListener(value = MessagingNames.CHECKOUT_QUEUE, id = "order-events")
	void on(OrderEvent event) {
		orders.apply(event);
	}
}
