package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.UUID;

import io.securecart.platform.security.Caller;

import org.springframework.security.core.Authentication;
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

	/** Another customer's shipment is a 404, as if it did not exist. */
	@GetMapping
	List<ShipmentView> byOrder(@RequestParam UUID orderId, Authentication authentication) {
		Caller caller = Caller.of(authentication);
		return shipments.findByOrderId(orderId)
			.map(shipment -> caller.readable(shipment.getCustomerId(), shipment, "Shipment of order " + orderId))
			.map(ShipmentView::of)
			.stream()
			.toList();
	}
}
