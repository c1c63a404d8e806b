package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface OrderFulfillmentRepository extends Repository<OrderFulfillment, UUID> {

	OrderFulfillment save(OrderFulfillment fulfillment);

	Optional<OrderFulfillment> findById(UUID orderId);

	/**
	 * Holds the order's row lock until the step commits: the tasks of one order take turns. Declared, not derived:
	 * every task reads it, and Spring Data JDBC builds a derived query's SQL at every call.
	 */
	@Query("select * from fulfillment where order_id = :orderId for update")
	Optional<OrderFulfillment> findLockedByOrderId(UUID orderId);

	List<OrderFulfillment> findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(FulfillmentStatus status,
			Instant createdBefore);
}
