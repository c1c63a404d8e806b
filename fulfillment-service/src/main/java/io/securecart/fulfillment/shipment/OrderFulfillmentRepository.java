package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.repository.Repository;

interface OrderFulfillmentRepository extends Repository<OrderFulfillment, UUID> {

	OrderFulfillment save(OrderFulfillment fulfillment);

	Optional<OrderFulfillment> findById(UUID orderId);

	/** Holds the order's row lock until the step commits: the tasks of one order take turns. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<OrderFulfillment> findLockedByOrderId(UUID orderId);

	/** Fulfilments under way, over every instance of the service: what {@link FulfillmentAdmission} bounds. */
	long countByStatusIn(Collection<FulfillmentStatus> statuses);

	List<OrderFulfillment> findTop50ByStatusAndCreatedAtBeforeOrderByCreatedAt(FulfillmentStatus status,
			Instant createdBefore);
}
