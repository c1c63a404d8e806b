package io.securecart.fulfillment.shipment;

/** The last step a shipment completed. The order matters: a step is done once the status has reached it. */
public enum ShipmentStatus {

	/** Opened by ValidateOrder; the warehouse is yet to pick its lines. */
	PICKING,

	/** Every line is picked off the shelves. */
	PICKED,

	/** Packed and labelled, ready for the carrier. */
	PACKED,

	/** Handed to the carrier, with a tracking number. Final. */
	SHIPPED,

	/** Cancelled by the workflow's compensation; its goods go back on the shelves. Final. */
	CANCELLED;

	boolean hasReached(ShipmentStatus step) {
		return this != CANCELLED && compareTo(step) >= 0;
	}
}
