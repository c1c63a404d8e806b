package io.securecart.inventory.stock;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ReservationRepository extends Repository<Reservation, ReservationId> {

	Reservation save(Reservation reservation);

	boolean existsByIdOrderId(UUID orderId);

	/**
	 * The order's reservations still waiting for shipment, locked until the transaction ends. A concurrent
	 * transaction for the same order waits here, then no longer finds them {@code RESERVED}.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("""
			select r from Reservation r
			where r.id.orderId = :orderId and r.status = io.securecart.inventory.stock.ReservationStatus.RESERVED
			order by r.id.sku""")
	List<Reservation> lockReservedFor(UUID orderId);

}
