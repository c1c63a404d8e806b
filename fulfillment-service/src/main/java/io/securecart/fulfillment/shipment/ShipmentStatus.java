package io.securecart.fulfillment.shipment;

/** The last step a shipment completed. The order matters: a step is done once the status has reached it. */
public enum ShipmentStatus {

	/** Opened by ValidateOrder; the warehouse is yet to pick its lines. */
	PICKING,

	/** Every line is picked off the shelves. */
	PICKED,

	/** Packed, ready for its label. */
	PACKED,

	/**
	 * Labelled for the order's consignment; waits for the order's other parcels to be labelled, for they leave
	 * together or not at all.
	 */
	LABELLED,

	/** Handed to the carrier, with a tracking number. Final. */
	SHIPPED,

	/** Cancelled by the workflow's compensation (a label it had is void); its goods go back on the shelves. Final. */
	CANCELLED;

	boolean hasReached(ShipmentStatus step) {
		return this != CANCELLED && compareTo(step) >= 0;
	}
}
