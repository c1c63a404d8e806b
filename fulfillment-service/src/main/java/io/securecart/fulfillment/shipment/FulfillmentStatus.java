package io.securecart.fulfillment.shipment;

/** Where an order's fulfilment is, as this service knows it; the execution's own history has the detail. */
public enum FulfillmentStatus {

	/** Opened when stock was reserved; its execution is being started (retried until it exists). */
	STARTING,

	/** The execution exists and runs its steps. */
	RUNNING,

	/** Shipped and invoiced; {@code OrderShipped} is in the outbox. Final. */
	SHIPPED,

	/** A step failed for good or timed out; the shipments are cancelled, {@code FulfillmentFailed} is in the outbox. Final. */
	FAILED
}
