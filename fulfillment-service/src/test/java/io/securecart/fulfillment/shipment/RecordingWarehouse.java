package io.securecart.fulfillment.shipment;

import java.util.ArrayList;
import java.util.List;

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
	public String ship(Shipment shipment) {
		call("ship");
		return "TRACK-" + shipment.getId();
	}

	private void call(String step) {
		if (step.equals(failNext)) {
			failNext = null;
			throw new IllegalStateException("warehouse failed to " + step);
		}
		calls.add(step);
	}
}
