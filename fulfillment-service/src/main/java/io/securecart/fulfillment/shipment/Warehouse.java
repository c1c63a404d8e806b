package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.UUID;

/**
 * The warehouse and carrier that physically fulfil an order, one workflow step at a time. A step that fails throws:
 * {@link io.securecart.fulfillment.warehouse.WarehouseUnavailableException} when trying again may work (the workflow
 * retries it with backoff), {@link io.securecart.fulfillment.warehouse.ItemDamagedException} when it never will (the
 * workflow compensates).
 * <p>
 * A step may still be called twice for the same thing: when the warehouse did its part but the transaction recording
 * it then failed. Implementations must therefore be idempotent per shipment or order id, as warehouse APIs that take
 * a client-side request id are.
 * <p>
 * Each call must end within a bounded time, and well within the workflow's task timeout ({@code TaskTimeoutSeconds},
 * 300 s): an adapter sets its client's connect and read timeouts and throws
 * {@link io.securecart.fulfillment.warehouse.WarehouseUnavailableException} when they pass. Heartbeats keep a slow
 * step alive, so a call that hangs would hold a task worker until the task times out, and its retry would hang
 * another one.
 */
public interface Warehouse {

	/** Picks every line of the shipment off the shelves. */
	void pick(Shipment shipment);

	/** Packs the picked lines. */
	void pack(Shipment shipment);

	/** Prints the parcel's carrier label. @return the label's id */
	String label(Shipment shipment);

	/** Books the carrier for the order's parcels, as one consignment. @return its tracking number */
	String bookCarrier(UUID orderId, List<Shipment> parcels);

	/** Issues the order's invoice. @return its number */
	String invoice(UUID orderId, List<ShipmentLine> lines);

	/**
	 * Calls off what the warehouse and the carrier hold for an order the workflow gave up on: picked goods go back on
	 * the shelves, the consignment (when one was booked) is cancelled and the labels are void. Called after the
	 * compensation committed, and again until it succeeds (ADR 39). It may also be called again after it succeeded,
	 * when a step's call (a booking, a label, a pick) reached the warehouse after it: each call calls off whatever is
	 * held for the order then, and one that finds nothing held succeeds and does nothing.
	 */
	void release(UUID orderId, List<Shipment> parcels);
}
