package io.securecart.console.shop;

import java.util.List;

import io.securecart.console.api.ApiProblemException;

/**
 * An order, its shipments (with their workflow steps) and the notifications sent about it, at one moment. The order
 * comes from checkout; a service that did not answer for shipments or notifications is in {@code unanswered}, and its
 * part is empty.
 */
record OrderProgress(Order order, List<Shipment> shipments, List<Notification> notifications,
		List<ApiProblemException> unanswered) {

	OrderProgress(Order order, List<Shipment> shipments, List<Notification> notifications) {
		this(order, shipments, notifications, List.of());
	}
}
