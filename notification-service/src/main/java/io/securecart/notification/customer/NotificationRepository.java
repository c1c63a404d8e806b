package io.securecart.notification.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface NotificationRepository extends ListCrudRepository<Notification, UUID> {

	Sort OLDEST_FIRST = Sort.by("createdAt", "id");

	List<Notification> findByOrderId(UUID orderId, Sort sort);

	/** The customer's newest notifications, {@code limit} at most: a customer's history grows without end. */
	List<Notification> findByCustomerIdOrderByCreatedAtDescIdDesc(String customerId, Limit limit);

	List<Notification> findByOrderIdAndCustomerId(UUID orderId, String customerId, Sort sort);

	boolean existsByOrderIdAndKind(UUID orderId, NotificationKind kind);

	/**
	 * Holds the order's cancellation notice lock until the transaction ends: FulfillmentFailed and the PaymentRefunded
	 * that follows it, delivered at once, take turns, and the second finds the first's notice instead of failing on
	 * the unique index. A transaction-scoped advisory lock: nothing to release, nothing left behind by a crash.
	 */
	@Query("select 1 from pg_advisory_xact_lock(hashtext('cancellation-notice'), hashtext(cast(:orderId as text)))")
	int lockCancellationNoticeOf(UUID orderId);

	/**
	 * The notification, locked, unless it was sent, a sender's claim on it runs beyond {@code now}, or another
	 * transaction holds it: the after-commit send and the sweep may reach the same row, and only the one that claims
	 * it sends it. The lock lasts only for the claim's transaction, never for the send.
	 */
	@Query("""
			select * from notification where id = :id and sent_at is null
			and (claimed_until is null or claimed_until <= :now) for update skip locked""")
	Optional<Notification> lockUnclaimed(UUID id, Instant now);

	/**
	 * Claims, for the sweep, the next page of notifications not sent yet, not claimed at {@code now} and waiting since
	 * before {@code before} (their recording, or their last failed send moved later by its back-off: a notice that
	 * failed {@code n} times is due {@code resend-interval × 2^(n-1)} after its last failure, an hour at most): at most
	 * {@code limit}, order notices before back-in-stock notices, each kind longest waiting first (one that failed goes
	 * behind the notices of its kind due before it, never behind a back-in-stock notice). A back-in-stock event can
	 * leave thousands here at once (ADR 15), and a cancellation recorded after them, or whose send failed once, must not
	 * wait for all of them; order notices that keep failing back off, so they do not head every round and keep the
	 * back-in-stock notices from being sent (ADR 36, amended 2026-12-06). Served by {@code notification_due}
	 * ({@code V22}), on the same expression.
	 * <p>
	 * One statement: the page's rows are locked {@code for update skip locked} and claimed until {@code claimedUntil}
	 * (their version moved on, as {@link Notification#claim} does), so two instances sweeping at once take different
	 * pages, and neither takes a row the other, or a send after its commit, holds. Answers the claimed notifications,
	 * in no particular order.
	 */
	@Query("""
			with page as (
				select id from notification
				where sent_at is null and coalesce(greatest(last_attempt_at, retry_from), created_at) < :before
				and (claimed_until is null or claimed_until <= :now)
				order by kind = 'BACK_IN_STOCK', coalesce(greatest(last_attempt_at, retry_from), created_at)
				limit :limit
				for update skip locked)
			update notification claimed set claimed_until = :claimedUntil, version = claimed.version + 1
			from page where claimed.id = page.id
			returning claimed.*""")
	List<Notification> claimUnsentNotTriedSince(Instant before, Instant now, Instant claimedUntil, int limit);
}
