package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface ShipmentRepository extends Repository<Shipment, UUID> {

	/** Opens a shipment: its row and its lines. A step's progress is {@link #saveProgress}. */
	Shipment save(Shipment shipment);

	/**
	 * A step's progress: the shipment's own row, under its version. Its lines are written once, when it is opened;
	 * {@link #save} would delete and insert them again at every step (Spring Data JDBC rewrites an aggregate's lists
	 * at every save). Fails as {@link #save} does when someone else changed it since it was read.
	 */
	default void saveProgress(Shipment shipment) {
		Long read = shipment.getVersion();
		if (read == null) {
			throw new IllegalStateException("%s %s was never saved: save it first".formatted(
					shipment.getClass().getSimpleName(), shipment.getId()));
		}
		if (updateProgress(shipment.getId(), read, shipment.getStatus(), shipment.getLabel(),
				shipment.getTrackingNumber(), shipment.getShippedAt()) != 1) {
			throw new OptimisticLockingFailureException(
					"Shipment %s changed since it was read at version %d".formatted(shipment.getId(), read));
		}
		shipment.setVersion(read + 1);
	}

	@Modifying
	@Query("""
			update shipment set status = :status, label = :label, tracking_number = :trackingNumber,
			                    shipped_at = :shippedAt, version = version + 1
			where id = :id and version = :version
			""")
	int updateProgress(UUID id, long version, ShipmentStatus status, String label, String trackingNumber,
			Instant shippedAt);

	/**
	 * The order's parcels, in the order ValidateOrder opened them (by warehouse), with their lines: Spring Data JDBC
	 * reads each parcel's lines with it, one more select per parcel (an order has one parcel per warehouse, a few).
	 * Declared, not derived: most tasks read them, and Spring Data JDBC builds a derived query's SQL at every call.
	 */
	@Query("select * from shipment where order_id = :orderId order by warehouse")
	List<Shipment> findByOrderIdOrderByWarehouse(UUID orderId);

	Optional<Shipment> findById(UUID id);

	/**
	 * Holds the shipment's row lock until the transaction commits: a parcel's steps take turns saving and recording.
	 */
	@Query("select id from shipment where id = :id and order_id = :orderId for update")
	Optional<UUID> lockByIdAndOrderId(UUID id, UUID orderId);
}
