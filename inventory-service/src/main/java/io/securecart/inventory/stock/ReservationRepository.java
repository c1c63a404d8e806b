package io.securecart.inventory.stock;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface ReservationRepository extends Repository<Reservation, ReservationId> {

	Reservation save(Reservation reservation);

	/** Declared, not derived: asked for every order, and Spring Data JDBC builds a derived query's SQL at every call. */
	@Query("select exists (select 1 from reservation where order_id = :orderId)")
	boolean existsByIdOrderId(UUID orderId);

	/**
	 * The order's reservations still waiting for shipment, locked ({@code for update}) until the transaction ends, in
	 * SKU order. A concurrent transaction for the same order waits here, then no longer finds them {@code RESERVED}.
	 */
	@Query("""
			select * from reservation
			where order_id = :orderId and status = 'RESERVED'
			order by sku
			for update""")
	List<Reservation> lockReservedFor(UUID orderId);

}
