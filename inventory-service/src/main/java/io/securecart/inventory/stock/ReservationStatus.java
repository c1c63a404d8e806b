package io.securecart.inventory.stock;

/** Where the stock a {@link Reservation} set aside is. */
enum ReservationStatus {

	/** Promised to the order, still on the shelf. */
	RESERVED,

	/** Shipped: taken out of the stock on hand. */
	COMMITTED,

	/**
	 * Handed back to the shelf: the order will not ship (compensation for {@code FulfillmentFailed}, or for the
	 * {@code PaymentRejected} that cancelled it).
	 */
	RELEASED,

	/**
	 * Released when its order was cancelled, then found shipped ({@code OrderShipped} after {@code PaymentRejected},
	 * ADR 44): taken out of the stock on hand after all, as far as it had not been sold again.
	 */
	SHIPPED_ANYWAY

}
