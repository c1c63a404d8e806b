package io.securecart.shop.order;

import io.awspring.cloud.sqs.annotation.SqsListener;

/** Follows the convention: one listener, named after its id, method {@code on}. */
class OrderEventsListener {

	@SqsListener(value = "shop-order-events", id = "order-events")
	void on(String event) {
	}

}
