package io.securecart.fulfillment.shipment;

/**
 * The warehouse that physically fulfils a shipment, one step at a time. A step that fails throws; the shipment keeps
 * the steps that completed before it, and the retry calls only the steps after them.
 * <p>
 * A step may still be called twice for a shipment: when the warehouse did its part but the transaction recording it
 * then failed. Implementations must therefore be idempotent per shipment id, as warehouse APIs that take a
 * client-side request id are.
 */
public interface Warehouse {

	/** Picks every line of the shipment off the shelves. */
	void pick(Shipment shipment);

	/** Packs the picked lines and labels the parcel. */
	void pack(Shipment shipment);

	/** Hands the parcel to the carrier. @return the carrier's tracking number */
	String ship(Shipment shipment);
}
