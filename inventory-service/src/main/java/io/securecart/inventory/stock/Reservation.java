package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import org.springframework.data.domain.Persistable;

/** Stock of one product set aside for one paid order, until the order ships. */
@Entity
@Table(name = "reservation")
class Reservation implements Persistable<ReservationId> {

	@EmbeddedId
	private ReservationId id;

	private int quantity;

	@Enumerated(EnumType.STRING)
	private ReservationStatus status;

	@CreationTimestamp
	private Instant createdAt;

	@UpdateTimestamp
	private Instant updatedAt;

	/** The id is assigned, not generated: this tells Spring Data to insert a new one rather than merge it. */
	@Transient
	private boolean isNew = true;

	protected Reservation() {
		// for JPA
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

	@Override
	public ReservationId getId() {
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

	@Override
	public boolean isNew() {
		return isNew;
	}

	@PostLoad
	@PostPersist
	void markNotNew() {
		isNew = false;
	}
}
