package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.Repository;

interface OrderFulfillmentRepository extends Repository<OrderFulfillment, UUID> {

	OrderFulfillment save(OrderFulfillment fulfillment);

	Optional<OrderFulfillment> findById(UUID orderId);

	/** Holds the order's row lock until the step commits: the tasks of one order take turns. */
	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<OrderFulfillment> findLockedByOrderId(UUID orderId);

	List<OrderFulfillment> findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(FulfillmentStatus status,
			Instant createdBefore);
}
