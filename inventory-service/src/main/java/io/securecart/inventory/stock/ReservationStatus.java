package io.securecart.inventory.stock;

/** Where the stock a {@link Reservation} set aside is. */
enum ReservationStatus {

	/** Promised to the order, still on the shelf. */
	RESERVED,

	/** Shipped: taken out of the stock on hand. */
	COMMITTED,

	/**
	 * Handed back to the shelf. No step of today's saga releases a reservation (an order whose stock is reserved is
	 * never cancelled); the schema allows the state so that such a step needs no migration.
	 */
	RELEASED

}
