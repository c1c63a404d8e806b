package io.securecart.shop.shop;

import io.awspring.cloud.sqs.annotation.SqsListener;

/** Breaks the convention: a package named after the service, a *Service, a listener without an id. */
class ShopService {

	@SqsListener("shop-order-events")
	void on(String event) {
	}

}
