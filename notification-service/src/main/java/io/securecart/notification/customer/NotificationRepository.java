package io.securecart.notification.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface NotificationRepository extends ListCrudRepository<Notification, UUID> {

	Sort OLDEST_FIRST = Sort.by("createdAt", "id");

	List<Notification> findByOrderId(UUID orderId, Sort sort);

	List<Notification> findByCustomerId(String customerId, Sort sort);

	List<Notification> findByOrderIdAndCustomerId(UUID orderId, String customerId, Sort sort);

	boolean existsByOrderIdAndKind(UUID orderId, NotificationKind kind);

	/**
	 * The notification, locked, unless it was sent or another sender holds it: the after-commit send and the sweep
	 * may reach the same row, and only the one that locks it sends it.
	 */
	@Query("select * from notification where id = :id and sent_at is null for update skip locked")
	Optional<Notification> lockUnsent(UUID id);

	/**
	 * Notifications not sent yet and not tried since {@code before} (their recording or their last failed send),
	 * longest waiting first: one that failed again goes to the back of the line.
	 */
	@Query("""
			select id from notification where sent_at is null and coalesce(last_attempt_at, created_at) < :before
			order by coalesce(last_attempt_at, created_at) limit :limit""")
	List<UUID> findUnsentNotTriedSince(Instant before, int limit);

	@Modifying
	@Query("update notification set last_attempt_at = :at where id = :id and sent_at is null")
	void sendFailed(UUID id, Instant at);
}
