package io.securecart.fulfillment.shipment;

import java.util.UUID;

import io.securecart.contracts.events.StockReserved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Ships a reserved order: opens its shipment, then picks, packs and ships it, each step committed as it completes.
 * When a step fails, the exception fails the message; SQS redelivers it with exponential backoff and this runs
 * again from the top, where every completed step is a no-op, so the shipment continues from the step that failed.
 * After {@code maxReceiveCount} failed receives the message moves to {@code fulfillment-order-events-dlq}, and the
 * shipment waits at its last completed step.
 */
@Service
class Fulfillment {

	private static final Logger log = LoggerFactory.getLogger(Fulfillment.class);

	private final ShipmentSteps steps;

	Fulfillment(ShipmentSteps steps) {
		this.steps = steps;
	}

	void fulfill(StockReserved event) {
		UUID shipmentId = steps.open(event);
		steps.pick(shipmentId);
		steps.pack(shipmentId);
		if (steps.ship(shipmentId)) {
			log.info("Order {} shipped (shipment {})", event.orderId(), shipmentId);
		}
	}
}
