package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A shipment as {@code GET /api/shipments} shows it. */
record ShipmentView(UUID id, UUID orderId, String customerId, ShipmentStatus status, String trackingNumber,
		List<Item> items, Instant createdAt, Instant shippedAt) {

	static ShipmentView of(Shipment shipment) {
		return new ShipmentView(shipment.getId(), shipment.getOrderId(), shipment.getCustomerId(),
				shipment.getStatus(), shipment.getTrackingNumber(),
				shipment.getLines().stream().map(line -> new Item(line.sku(), line.quantity())).toList(),
				shipment.getCreatedAt(), shipment.getShippedAt());
	}

	record Item(String sku, int quantity) {
	}
}
