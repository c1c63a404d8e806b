package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

/** Fulfilments the unit tests start from. */
final class FulfillmentFixtures {

	private FulfillmentFixtures() {
	}

	/** One mug, the order's only line. */
	static List<OrderLine> aMug() {
		return List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.00")));
	}

	/** A fulfilment of alice's mug whose execution ran and failed at {@code at}: the compensation ended it. */
	static OrderFulfillment failed(Instant at) {
		OrderFulfillment fulfillment = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), at);
		fulfillment.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:order");
		fulfillment.failed("Fulfillment.ItemDamaged", "a mug broke", at);
		return fulfillment;
	}
}
