package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface ShipmentRepository extends Repository<Shipment, UUID> {

	Shipment save(Shipment shipment);

	/**
	 * The order's parcels, in the order ValidateOrder opened them (by warehouse), with their lines: Spring Data JDBC
	 * reads each parcel's lines with it, one more select per parcel (an order has one parcel per warehouse, a few).
	 * Declared, not derived: most tasks read them, and Spring Data JDBC builds a derived query's SQL at every call.
	 */
	@Query("select * from shipment where order_id = :orderId order by warehouse")
	List<Shipment> findByOrderIdOrderByWarehouse(UUID orderId);

	Optional<Shipment> findById(UUID id);
}
