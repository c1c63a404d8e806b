package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface OrderFulfillmentRepository extends Repository<OrderFulfillment, UUID> {

	/** Opens a fulfilment: its row and its lines. A change of its state is {@link #saveProgress}. */
	OrderFulfillment save(OrderFulfillment fulfillment);

	/**
	 * A change of the fulfilment's state: its own row, under its version. Its lines are written once, when it is
	 * opened; {@link #save} would delete and insert them again (Spring Data JDBC rewrites an aggregate's lists at
	 * every save). Fails as {@link #save} does when someone else changed it since it was read.
	 */
	default void saveProgress(OrderFulfillment fulfillment) {
		Long read = fulfillment.getVersion();
		if (read == null) {
			throw new IllegalStateException("%s %s was never saved: save it first".formatted(
					fulfillment.getClass().getSimpleName(), fulfillment.getOrderId()));
		}
		if (updateProgress(fulfillment.getOrderId(), read, fulfillment.getStatus(), fulfillment.getExecutionArn(),
				fulfillment.getTrackingNumber(), fulfillment.getInvoiceNumber(), fulfillment.getFailureError(),
				fulfillment.getFailureCause(), fulfillment.getCompletedAt(),
				fulfillment.getWarehouseReleasedAt()) != 1) {
			throw new OptimisticLockingFailureException(
					"Fulfillment of order %s changed since it was read at version %d"
						.formatted(fulfillment.getOrderId(), read));
		}
		fulfillment.setVersion(read + 1);
	}

	@Modifying
	@Query("""
			update fulfillment set status = :status, execution_arn = :executionArn, tracking_number = :trackingNumber,
			                       invoice_number = :invoiceNumber, failure_error = :failureError,
			                       failure_cause = :failureCause, completed_at = :completedAt,
			                       warehouse_released_at = :warehouseReleasedAt, version = version + 1
			where order_id = :orderId and version = :version
			""")
	int updateProgress(UUID orderId, long version, FulfillmentStatus status, String executionArn,
			String trackingNumber, String invoiceNumber, String failureError, String failureCause,
			Instant completedAt, Instant warehouseReleasedAt);

	Optional<OrderFulfillment> findById(UUID orderId);

	/**
	 * Holds the order's row lock until the transaction commits: work on the order takes turns (the compensation of an
	 * ended execution, the steps' transactions that save and record). Declared, not derived: Spring Data JDBC builds a
	 * derived query's SQL at every call.
	 */
	@Query("select * from fulfillment where order_id = :orderId for update")
	Optional<OrderFulfillment> findLockedByOrderId(UUID orderId);

	/**
	 * The same lock for a step that works on the order's shipments alone, without reading the fulfilment and its
	 * lines. Empty when there is no such order.
	 */
	@Query("select order_id from fulfillment where order_id = :orderId for update")
	Optional<UUID> lockByOrderId(UUID orderId);

	List<OrderFulfillment> findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(FulfillmentStatus status,
			Instant createdBefore);

	/**
	 * Shipped orders whose invoice is still to issue, shipped (or last tried, {@link #owedWorkAttempted}) before
	 * {@code before}, 50 at most, the longest waiting first: one tried and failed goes to the back of the line.
	 */
	@Query("""
			select order_id from fulfillment
			where status = 'SHIPPED' and invoice_number is null
			  and coalesce(owed_work_attempted_at, completed_at) < :before
			order by coalesce(owed_work_attempted_at, completed_at) limit 50
			""")
	List<UUID> findOwingInvoice(Instant before);

	/**
	 * Failed orders whose parcels are still to call off at the warehouse, failed (or last tried) before
	 * {@code before}, 50 at most, the longest waiting first.
	 */
	@Query("""
			select order_id from fulfillment
			where status in ('FAILED', 'CANCELLED') and warehouse_released_at is null
			  and coalesce(owed_work_attempted_at, completed_at) < :before
			order by coalesce(owed_work_attempted_at, completed_at) limit 50
			""")
	List<UUID> findOwingWarehouseRelease(Instant before);

	/**
	 * The work the order owes (its invoice, or its release) was tried at {@code at} and failed. Bookkeeping of the
	 * sweeps, not the aggregate's state: no version, and the aggregate does not map it.
	 */
	@Modifying
	@Query("update fulfillment set owed_work_attempted_at = :at where order_id = :orderId")
	void owedWorkAttempted(UUID orderId, Instant at);

	/**
	 * A sweep's {@link #owedWorkAttempted}, which never fails its round: when it cannot be recorded, the order keeps
	 * its place in the line, and the sweep goes on to the next.
	 */
	default void owedWorkFailed(UUID orderId, Instant at) {
		try {
			owedWorkAttempted(orderId, at);
		}
		catch (RuntimeException ex) {
			LoggerFactory.getLogger(OrderFulfillmentRepository.class)
				.warn("Could not record the failed owed work of order {}: {}", orderId, ex.toString());
		}
	}
}
