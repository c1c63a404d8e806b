package io.securecart.fulfillment.shipment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ShipmentRepository extends Repository<Shipment, UUID> {

	Shipment save(Shipment shipment);

	/**
	 * The order's parcels, in the order ValidateOrder opened them (by warehouse), with their lines. A JPQL fetch join,
	 * not an entity graph: Hibernate 7 keeps no query plan for a query with an entity graph
	 * ({@code SqmInterpretationsKey.isCacheable}) and translates it anew at every execution; most tasks run this one.
	 */
	@Query("select s from Shipment s left join fetch s.lines where s.orderId = :orderId order by s.warehouse")
	List<Shipment> findByOrderIdOrderByWarehouse(UUID orderId);

	@EntityGraph(attributePaths = "lines")
	Optional<Shipment> findById(UUID id);
}
