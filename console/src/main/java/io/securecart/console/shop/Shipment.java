package io.securecart.console.shop;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A shipment as fulfillment's API shows it, with the steps of its workflow (pick, pack, ship, per warehouse). */
record Shipment(UUID id, UUID orderId, String warehouse, String status, String trackingNumber,
		String fulfillmentStatus, List<Step> steps, Instant createdAt, Instant shippedAt) {

	record Step(String step, UUID shipmentId, String status, int attempts, String error, Instant finishedAt) {
	}
}
