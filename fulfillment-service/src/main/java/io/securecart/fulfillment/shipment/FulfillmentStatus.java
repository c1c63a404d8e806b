package io.securecart.fulfillment.shipment;

/** Where an order's fulfilment is, as this service knows it; the execution's own history has the detail. */
public enum FulfillmentStatus {

	/** Opened when stock was reserved; its execution is being started (retried until it exists). */
	STARTING,

	/** The execution exists and runs its steps. */
	RUNNING,

	/**
	 * The parcels left together; {@code OrderShipped} is in the outbox. The invoice follows: the Invoice step, or
	 * {@link OwedInvoices} when that step failed for good. Final: goods that left are not compensated.
	 */
	SHIPPED,

	/**
	 * A step before the parcels left failed for good or timed out; the shipments are cancelled,
	 * {@code FulfillmentFailed} is in the outbox. Final.
	 */
	FAILED,

	/**
	 * Checkout cancelled the order after its payment ({@code PaymentRejected}, ADR 44) before its parcels left: its
	 * execution is stopped (or never started), its shipments cancelled, and nothing is announced. Final.
	 */
	CANCELLED
}
