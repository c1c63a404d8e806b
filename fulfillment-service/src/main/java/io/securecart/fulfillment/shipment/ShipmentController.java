package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.UUID;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an order's shipments are. A list, as a query: empty until the workflow's ValidateOrder opened them. A missing
 * or malformed {@code orderId} is a 400 problem (Spring's own problem details for request parameters).
 */
@RestController
@RequestMapping("/api/shipments")
class ShipmentController {

	private final OrderFulfillmentRepository fulfillments;

	private final ShipmentRepository shipments;

	private final TaskLedger ledger;

	ShipmentController(OrderFulfillmentRepository fulfillments, ShipmentRepository shipments, TaskLedger ledger) {
		this.fulfillments = fulfillments;
		this.shipments = shipments;
		this.ledger = ledger;
	}

	@GetMapping
	@Transactional(readOnly = true)
	List<ShipmentView> byOrder(@RequestParam UUID orderId) {
		return fulfillments.findById(orderId).map(fulfillment -> {
			List<TaskLedger.StepState> steps = ledger.steps(orderId);
			return shipments.findByOrderIdOrderByWarehouse(orderId)
				.stream()
				.map(shipment -> ShipmentView.of(shipment, fulfillment, steps))
				.toList();
		}).orElse(List.of());
	}
}
