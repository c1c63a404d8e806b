package io.securecart.inventory.stock;

/** Where the stock a {@link Reservation} set aside is. */
enum ReservationStatus {

	/** Promised to the order, still on the shelf. */
	RESERVED,

	/** Shipped: taken out of the stock on hand. */
	COMMITTED,

	/** Handed back to the shelf: the order's fulfillment failed (compensation for {@code FulfillmentFailed}). */
	RELEASED

}
