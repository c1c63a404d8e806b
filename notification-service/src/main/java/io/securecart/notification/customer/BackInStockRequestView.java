package io.securecart.notification.customer;

import java.time.Instant;

/** A back-in-stock request as its customer sees it; {@code notifiedAt} is empty while it waits. */
record BackInStockRequestView(String sku, Instant requestedAt, Instant notifiedAt) {

	static BackInStockRequestView of(BackInStockRequest request) {
		return new BackInStockRequestView(request.getSku(), request.getRequestedAt(), request.getNotifiedAt());
	}
}
