package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.UUID;

import io.securecart.platform.security.Caller;

import org.springframework.security.core.Authentication;
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

	/**
	 * Another customer's shipments are left out: their order lists nothing, exactly as an order nobody knows (a 404
	 * for it would tell that it exists). The execution's ARN is for admins: it names the AWS account.
	 */
	@GetMapping
	@Transactional(readOnly = true)
	List<ShipmentView> byOrder(@RequestParam UUID orderId, Authentication authentication) {
		Caller caller = Caller.of(authentication);
		return fulfillments.findById(orderId)
			.filter(fulfillment -> caller.mayRead(fulfillment.getCustomerId()))
			.map(fulfillment -> {
				List<TaskLedger.StepState> steps = ledger.steps(orderId);
				String executionArn = caller.isAdmin() ? fulfillment.getExecutionArn() : null;
				return shipments.findByOrderIdOrderByWarehouse(orderId)
					.stream()
					.map(shipment -> ShipmentView.of(shipment, fulfillment, executionArn, steps))
					.toList();
			})
			.orElse(List.of());
	}
}
