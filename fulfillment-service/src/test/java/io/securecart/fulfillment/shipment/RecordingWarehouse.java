package io.securecart.fulfillment.shipment;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A warehouse for unit tests: records the steps it is asked to do, and fails the next one when told to. */
class RecordingWarehouse implements Warehouse {

	final List<String> calls = new ArrayList<>();

	private String failNext;

	void failNext(String step) {
		failNext = step;
	}

	@Override
	public void pick(Shipment shipment) {
		call("pick");
	}

	@Override
	public void pack(Shipment shipment) {
		call("pack");
	}

	@Override
	public String label(Shipment shipment) {
		call("label");
		return "LABEL-" + shipment.getId();
	}

	@Override
	public String bookCarrier(UUID orderId, List<Shipment> parcels) {
		call("book");
		return "TRACK-" + orderId;
	}

	@Override
	public String invoice(UUID orderId, List<ShipmentLine> lines) {
		call("invoice");
		return "INV-" + orderId;
	}

	@Override
	public void release(UUID orderId, List<Shipment> parcels) {
		call("release");
	}

	private void call(String step) {
		if (step.equals(failNext)) {
			failNext = null;
			throw new IllegalStateException("warehouse failed to " + step);
		}
		calls.add(step);
	}
}
