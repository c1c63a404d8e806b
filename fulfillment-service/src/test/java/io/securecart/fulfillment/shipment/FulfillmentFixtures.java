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

	/** A fulfilment of alice's mug whose parcel left at {@code at}, its invoice still to issue. */
	static OrderFulfillment shippedWithoutInvoice(Instant at) {
		OrderFulfillment fulfillment = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), at);
		fulfillment.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:order");
		Shipment parcel = new Shipment(fulfillment.getOrderId(), "alice", "central", aMug(), at);
		RecordingWarehouse warehouse = new RecordingWarehouse();
		parcel.pick(warehouse);
		parcel.pack(warehouse);
		parcel.label(warehouse, "TRACK-1");
		parcel.handOver(at);
		fulfillment.consignmentBooked("TRACK-1");
		fulfillment.shipped(List.of(parcel), at).orElseThrow();
		return fulfillment;
	}
}
