package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Stock of one product set aside for one paid order, until the order ships. Its id is the pair (order, product): the
 * record's components are the columns {@code order_id} and {@code sku}, the table's primary key.
 */
@Table("reservation")
class Reservation {

	@Id
	private ReservationId id;

	private int quantity;

	private ReservationStatus status;

	/** Stamped by Spring Data when the reservation is inserted, with the platform's clock ({@code RowTimestamps}). */
	@CreatedDate
	private Instant createdAt;

	/** Stamped by Spring Data on every save. */
	@LastModifiedDate
	private Instant updatedAt;

	/** Null until the reservation is first saved; rows written before Spring Data JDBC start at 0. */
	@Version
	private Long version;

	private Reservation() {
		// read from the database
	}

	private Reservation(UUID orderId, String sku, int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("Quantity must be positive: " + quantity);
		}
		this.id = new ReservationId(orderId, sku);
		this.quantity = quantity;
		this.status = ReservationStatus.RESERVED;
	}

	static Reservation of(UUID orderId, String sku, int quantity) {
		return new Reservation(orderId, sku, quantity);
	}

	/** The order shipped: the reserved goods left the warehouse. */
	void commit() {
		if (status != ReservationStatus.RESERVED) {
			throw new IllegalStateException("Cannot commit reservation %s: it is %s".formatted(id, status));
		}
		status = ReservationStatus.COMMITTED;
	}

	/** The order will not ship: the reserved goods go back to the available stock. */
	void release() {
		if (status != ReservationStatus.RESERVED) {
			throw new IllegalStateException("Cannot release reservation %s: it is %s".formatted(id, status));
		}
		status = ReservationStatus.RELEASED;
	}

	/**
	 * The order was cancelled and its goods put back on sale, but they had left: its shipment arrived after its
	 * release (ADR 44).
	 */
	void shippedAfterRelease() {
		if (status != ReservationStatus.RELEASED) {
			throw new IllegalStateException("Cannot ship released reservation %s: it is %s".formatted(id, status));
		}
		status = ReservationStatus.SHIPPED_ANYWAY;
	}

	ReservationId getId() {
		return id;
	}

	UUID orderId() {
		return id.orderId();
	}

	String sku() {
		return id.sku();
	}

	int quantity() {
		return quantity;
	}

	ReservationStatus status() {
		return status;
	}
}
