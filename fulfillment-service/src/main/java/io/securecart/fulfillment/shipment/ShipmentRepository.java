package io.securecart.fulfillment.shipment;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.repository.Repository;

interface ShipmentRepository extends Repository<Shipment, UUID> {

	Shipment save(Shipment shipment);

	@EntityGraph(attributePaths = "lines")
	Optional<Shipment> findByOrderId(UUID orderId);

	/**
	 * Loads a shipment to take it one step further, holding its row lock until the step commits: two deliveries of
	 * the same event then take turns, and the second finds the step done instead of asking the warehouse again.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<Shipment> findLockedById(UUID id);
}
