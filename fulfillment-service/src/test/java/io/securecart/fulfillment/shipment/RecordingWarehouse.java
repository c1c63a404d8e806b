package io.securecart.fulfillment.shipment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A warehouse for unit tests: records the steps it is asked to do, fails the next one when told to, and lets a test
 * do something else while a step is under way, before its call lands.
 */
class RecordingWarehouse implements Warehouse {

	final List<String> calls = new ArrayList<>();

	private String failNext;

	private final Map<String, Runnable> meanwhile = new HashMap<>();

	void failNext(String step) {
		failNext = step;
	}

	/** Runs {@code action} the next time {@code step} is called, before the call is recorded. */
	void meanwhile(String step, Runnable action) {
		meanwhile.put(step, action);
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
		Runnable action = meanwhile.remove(step);
		if (action != null) {
			action.run();
		}
		if (step.equals(failNext)) {
			failNext = null;
			throw new IllegalStateException("warehouse failed to " + step);
		}
		calls.add(step);
	}
}
