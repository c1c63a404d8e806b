package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
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

	/** The order's released reservations, locked, in SKU order: a shipment that came after its cancellation. */
	@Query("""
			select * from reservation
			where order_id = :orderId and status = 'RELEASED'
			order by sku
			for update""")
	List<Reservation> lockReleasedFor(UUID orderId);

	/**
	 * Holds the order's lock until the transaction ends: its payment's reservation and its cancellation take turns, so
	 * that each sees what the other did. A transaction-scoped advisory lock: nothing to release, nothing left behind by
	 * a crash; two orders whose keys collide only take turns.
	 */
	@Query("select 1 from pg_advisory_xact_lock(hashtext('reservation'), hashtext(cast(:orderId as text)))")
	int lockOrder(UUID orderId);

	/** Checkout cancelled the order after its payment (ADR 44); recorded once, whoever delivers it again. */
	@Modifying
	@Query("insert into cancelled_order (order_id, cancelled_at) values (:orderId, :at) on conflict do nothing")
	void recordCancellation(UUID orderId, Instant at);

	@Query("select exists (select 1 from cancelled_order where order_id = :orderId)")
	boolean isCancelled(UUID orderId);

}
