package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an order's shipment is. A list, as a query: empty until the order's stock is reserved. A missing or
 * malformed {@code orderId} is a 400 problem (Spring's own problem details for request parameters).
 */
@RestController
@RequestMapping("/api/shipments")
class ShipmentController {

	private final ShipmentRepository shipments;

	ShipmentController(ShipmentRepository shipments) {
		this.shipments = shipments;
	}

	@GetMapping
	List<ShipmentView> byOrder(@RequestParam UUID orderId) {
		return shipments.findByOrderId(orderId).map(ShipmentView::of).stream().toList();
	}
}
