package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

interface ShipmentRepository extends Repository<Shipment, UUID> {

	Shipment save(Shipment shipment);

	/**
	 * The order's parcels, in the order ValidateOrder opened them (by warehouse), with their lines: Spring Data JDBC
	 * reads each parcel's lines with it, one more select per parcel (an order has one parcel per warehouse, a few).
	 */
	List<Shipment> findByOrderIdOrderByWarehouse(UUID orderId);

	Optional<Shipment> findById(UUID id);
}
