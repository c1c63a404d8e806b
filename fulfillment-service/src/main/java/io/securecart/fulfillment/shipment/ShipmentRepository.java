package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.repository.Repository;

interface ShipmentRepository extends Repository<Shipment, UUID> {

	Shipment save(Shipment shipment);

	/** The order's parcels, in the order ValidateOrder opened them (by warehouse). */
	@EntityGraph(attributePaths = "lines")
	List<Shipment> findByOrderIdOrderByWarehouse(UUID orderId);

	@EntityGraph(attributePaths = "lines")
	Optional<Shipment> findById(UUID id);
}
