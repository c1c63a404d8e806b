package io.securecart.fulfillment.shipment;

/**
 * How far a shipment got through the warehouse, in order. Each status after {@link #PICKING} records a step that
 * completed and was committed, so a retry starts with the step after it.
 */
public enum ShipmentStatus {

	/** Opened for a reserved order; the warehouse has yet to pick its lines. */
	PICKING,

	/** Every line is picked off the shelves. */
	PICKED,

	/** Packed and labelled, ready for the carrier. */
	PACKED,

	/** Handed to the carrier, with a tracking number. Final. */
	SHIPPED;

	boolean hasReached(ShipmentStatus step) {
		return compareTo(step) >= 0;
	}
}
