package io.securecart.checkout.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** Orders are never deleted or listed all at once: only what {@link Orders} needs is exposed. */
interface OrderRepository extends Repository<Order, UUID> {

	/**
	 * Inserts a new order (its version is null) with its lines and timeline; an event's change is
	 * {@link #saveProgress}.
	 */
	Order save(Order order);

	/**
	 * An event's change to an order read before (ADR 31): its own row, under its version, and the timeline entries
	 * recorded since it was read. Its lines never change after it was placed and its earlier entries never change
	 * at all; {@link #save} would delete and insert them all again (Spring Data JDBC rewrites an aggregate's lists at
	 * every save). Fails as {@link #save} does when someone else changed the order since it was read.
	 */
	default void saveProgress(Order order) {
		Long read = order.getVersion();
		if (read == null || order.timelineEntriesSaved() == 0) {
			throw new IllegalStateException(
					"Order %s was not read from the database: read it before saving its progress"
						.formatted(order.getId()));
		}
		if (updateProgress(order.getId(), read, order.getStatus(), order.getCancellationReason(),
				order.getPaymentId()) != 1) {
			throw new OptimisticLockingFailureException(
					"Order %s changed since it was read at version %d".formatted(order.getId(), read));
		}
		int entryNo = order.timelineEntriesSaved();
		for (TimelineEntry entry : order.unsavedTimelineEntries()) {
			insertTimelineEntry(order.getId(), entryNo++, entry.eventId(), entry.eventType(), entry.occurredAt(),
					entry.recordedAt(), entry.detail());
		}
		order.setVersion(read + 1);
		order.timelineSaved();
	}

	@Modifying
	@Query("""
			update orders set status = :status, cancellation_reason = :cancellationReason, payment_id = :paymentId,
			    version = version + 1
			where id = :id and version = :version
			""")
	int updateProgress(UUID id, long version, OrderStatus status, CancellationReason cancellationReason,
			UUID paymentId);

	@Modifying
	@Query("""
			insert into order_timeline (order_id, entry_no, event_id, event_type, occurred_at, recorded_at, detail)
			values (:orderId, :entryNo, :eventId, :eventType, :occurredAt, :recordedAt, :detail)
			""")
	void insertTimelineEntry(UUID orderId, int entryNo, UUID eventId, String eventType, Instant occurredAt,
			Instant recordedAt, String detail);

	Optional<Order> findById(UUID id);

	/**
	 * The order, its row locked until the transaction ends: the events of one order take turns instead of failing
	 * each other's {@link #saveProgress} and waiting for their redelivery. Declared, not derived: every event runs it.
	 */
	@Query("select * from orders where id = :id for update")
	Optional<Order> findLockedById(UUID id);

	List<Order> findByCustomerIdOrderByCreatedAtDesc(String customerId, Limit limit);

}
