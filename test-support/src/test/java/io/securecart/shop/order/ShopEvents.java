package io.securecart.shop.order;

import io.awspring.cloud.sqs.annotation.SqsListener;

/** Breaks the convention: two listeners in one class, neither named after its class, one method not named on. */
class ShopEvents {

	@SqsListener(value = "shop-order-events", id = "order-events")
	void onOrderEvent(String event) {
	}

	@SqsListener(value = "shop-stock-events", id = "stock-events")
	void on(String event) {
	}

}
