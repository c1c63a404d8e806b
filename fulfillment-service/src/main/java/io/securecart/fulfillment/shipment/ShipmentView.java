package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A shipment as {@code GET /api/shipments} shows it: where the parcel is, the execution that moves it (its ARN to an
 * admin; null to the customer), and the workflow steps done for it (its own Pick and Pack, and the order's
 * ValidateOrder, Ship, Invoice or CancelShipments), each with its status and attempts.
 */
record ShipmentView(UUID id, UUID orderId, String customerId, String warehouse, ShipmentStatus status, String label,
		String trackingNumber, List<Item> items, String executionArn, FulfillmentStatus fulfillmentStatus,
		List<TaskLedger.StepState> steps, Instant createdAt, Instant shippedAt) {

	static ShipmentView of(Shipment shipment, OrderFulfillment fulfillment, String executionArn,
			List<TaskLedger.StepState> steps) {
		return new ShipmentView(shipment.getId(), shipment.getOrderId(), shipment.getCustomerId(),
				shipment.getWarehouse(), shipment.getStatus(), shipment.getLabel(), shipment.getTrackingNumber(),
				shipment.getLines().stream().map(line -> new Item(line.sku(), line.quantity())).toList(),
				executionArn, fulfillment.getStatus(),
				steps.stream()
					.filter(step -> step.shipmentId() == null || step.shipmentId().equals(shipment.getId()))
					.toList(),
				shipment.getCreatedAt(), shipment.getShippedAt());
	}

	record Item(String sku, int quantity) {
	}
}
