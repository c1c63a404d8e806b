package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.securecart.contracts.OrderLine;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One parcel of an order, from one warehouse, on its way through it: {@link ShipmentStatus#PICKING PICKING} →
 * {@link ShipmentStatus#PICKED PICKED} → {@link ShipmentStatus#PACKED PACKED} → {@link ShipmentStatus#LABELLED
 * LABELLED} → {@link ShipmentStatus#SHIPPED SHIPPED}, or {@link ShipmentStatus#CANCELLED CANCELLED} by the
 * workflow's compensation. Each step is a method that guards its own transition: it refuses to skip a step (nothing
 * is labelled that is not packed, nothing leaves without a label), and a step that already completed is a no-op, so
 * a task delivered twice does its work once.
 */
@Table("shipment")
public class Shipment {

	@Id
	private UUID id;

	private UUID orderId;

	private String customerId;

	private String warehouse;

	private String label;

	/** In {@code shipment_line}, by {@code line_number}: the line's index in this list, from 0. */
	@MappedCollection(idColumn = "shipment_id", keyColumn = "line_number")
	private List<ShipmentLine> lines = new ArrayList<>();

	private ShipmentStatus status;

	private String trackingNumber;

	private Instant createdAt;

	private Instant shippedAt;

	/** Null until first saved, which is how Spring Data tells a new shipment from one to update. */
	@Version
	private Long version;

	/** Opens the shipment of a reserved order's lines that {@code warehouse} stocks. */
	public Shipment(UUID orderId, String customerId, String warehouse, List<OrderLine> lines, Instant now) {
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("Order " + orderId + " has nothing to ship");
		}
		this.id = UUID.randomUUID();
		this.orderId = Objects.requireNonNull(orderId, "orderId");
		this.customerId = Objects.requireNonNull(customerId, "customerId");
		this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
		this.lines = new ArrayList<>(lines.stream().map(ShipmentLine::of).toList());
		this.status = ShipmentStatus.PICKING;
		this.createdAt = now;
	}

	private Shipment() {
		// read from the database
	}

	/** Step 1: the warehouse picks the lines. A no-op once picked. */
	void pick(Warehouse warehouse) {
		if (status.hasReached(ShipmentStatus.PICKED)) {
			return;
		}
		requireStatus(ShipmentStatus.PICKING, "pick");
		warehouse.pick(this);
		status = ShipmentStatus.PICKED;
	}

	/** Step 2: the warehouse packs what it picked. A no-op once packed. */
	void pack(Warehouse warehouse) {
		if (status.hasReached(ShipmentStatus.PACKED)) {
			return;
		}
		requireStatus(ShipmentStatus.PICKED, "pack");
		warehouse.pack(this);
		status = ShipmentStatus.PACKED;
	}

	/**
	 * Step 3: the parcel gets its carrier label, under the order's consignment. It does not leave yet: the order's
	 * parcels leave together ({@link #handOver}), so that a label the warehouse fails to print for one of them leaves
	 * nothing to call back. A no-op once labelled.
	 * @param trackingNumber the consignment's, shared by the order's parcels
	 */
	void label(Warehouse warehouse, String trackingNumber) {
		if (status.hasReached(ShipmentStatus.LABELLED)) {
			return;
		}
		requireStatus(ShipmentStatus.PACKED, "label");
		label = Objects.requireNonNull(warehouse.label(this), "label");
		this.trackingNumber = Objects.requireNonNull(trackingNumber, "tracking number");
		status = ShipmentStatus.LABELLED;
	}

	/** Step 4: the labelled parcel is handed to the carrier with the order's other parcels. A no-op once shipped. */
	void handOver(Instant now) {
		if (status.hasReached(ShipmentStatus.SHIPPED)) {
			return;
		}
		requireStatus(ShipmentStatus.LABELLED, "ship");
		shippedAt = now;
		status = ShipmentStatus.SHIPPED;
	}

	/**
	 * Compensation: the parcel will not leave (its label, if it had one, is void); its goods go back on the shelves.
	 * A shipped parcel is not recalled.
	 * @return whether this call cancelled it
	 */
	boolean cancel() {
		if (status == ShipmentStatus.SHIPPED || status == ShipmentStatus.CANCELLED) {
			return false;
		}
		status = ShipmentStatus.CANCELLED;
		return true;
	}

	/** The version read, which {@link ShipmentRepository#saveProgress} writes under, as Spring Data's save does. */
	Long getVersion() {
		return version;
	}

	/** Set by {@link ShipmentRepository#saveProgress} to the version it wrote, as Spring Data's save does. */
	void setVersion(Long version) {
		this.version = version;
	}

	private void requireStatus(ShipmentStatus required, String step) {
		if (status == ShipmentStatus.CANCELLED) {
			// The workflow gave up on the order and its compensation ran: a step delivered after that (a redelivery, a
			// worker that died) is answered as a failure, not failed as a message until the queue dead-letters it.
			throw new InvalidOrderException("Cannot %s shipment %s: it was cancelled".formatted(step, id));
		}
		if (status != required) {
			throw new IllegalStateException(
					"Cannot %s shipment %s: it is %s, not %s".formatted(step, id, status, required));
		}
	}

	public UUID getId() {
		return id;
	}

	public UUID getOrderId() {
		return orderId;
	}

	public String getCustomerId() {
		return customerId;
	}

	public String getWarehouse() {
		return warehouse;
	}

	public String getLabel() {
		return label;
	}

	public List<ShipmentLine> getLines() {
		return List.copyOf(lines);
	}

	public ShipmentStatus getStatus() {
		return status;
	}

	public String getTrackingNumber() {
		return trackingNumber;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public Instant getShippedAt() {
		return shippedAt;
	}
}
