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
	 * {@link #claimUnsentNotTriedSince}'s statement, which {@code NotificationSweepIT} explains. Two branches, order
	 * notices then back-in-stock notices, each {@code limit}ed: each is an equality on {@code notification_due}'s first
	 * column ({@code kind = 'BACK_IN_STOCK'}, as {@code is false} and {@code is true}, which PostgreSQL matches to a
	 * boolean index column; {@code <>} would not match) and a range on its second, so each scan starts at its kind's
	 * longest waiting notice and stops at {@code :before} or once the page is full. One {@code order by} over both kinds
	 * could bound neither: every backing-off order notice's entry was read at each page. {@code union all} runs its
	 * branches in turn (no parallel plan for a statement that writes), so the back-in-stock branch is read, and its
	 * rows locked, only when the order notices leave room in the page.
	 */
	String CLAIM_DUE_PAGE = """
			with page as (
				select id from (
					select id from notification
					where sent_at is null and (kind = 'BACK_IN_STOCK') is false
					and coalesce(greatest(last_attempt_at, retry_from), created_at) < :before
					and (claimed_until is null or claimed_until <= :now)
					order by coalesce(greatest(last_attempt_at, retry_from), created_at)
					limit :limit
					for update skip locked) order_notices
				union all
				select id from (
					select id from notification
					where sent_at is null and (kind = 'BACK_IN_STOCK') is true
					and coalesce(greatest(last_attempt_at, retry_from), created_at) < :before
					and (claimed_until is null or claimed_until <= :now)
					order by coalesce(greatest(last_attempt_at, retry_from), created_at)
					limit :limit
					for update skip locked) back_in_stock
				limit :limit)
			update notification claimed set claimed_until = :claimedUntil, version = claimed.version + 1
			from page where claimed.id = page.id
			returning claimed.*""";

	/**
	 * Claims, for the sweep, the next page of notifications not sent yet, not claimed at {@code now} and waiting since
	 * before {@code before} (their recording, or their last failed send moved later by its back-off: a notice that
	 * failed {@code n} times is due {@code resend-interval × 2^(n-1)} after its last failure, an hour at most): at most
	 * {@code limit}, order notices before back-in-stock notices, each kind longest waiting first (one that failed goes
	 * behind the notices of its kind due before it, never behind a back-in-stock notice). A back-in-stock event can
	 * leave thousands here at once (ADR 15), and a cancellation recorded after them, or whose send failed once, must not
	 * wait for all of them; order notices that keep failing back off, so they do not head every round and keep the
	 * back-in-stock notices from being sent (ADR 36, amended 2026-12-06). Served by {@code notification_due}
	 * ({@code V22}), one branch for each kind ({@link #CLAIM_DUE_PAGE}).
	 * <p>
	 * One statement: the page's rows are locked {@code for update skip locked} and claimed until {@code claimedUntil}
	 * (their version moved on, as {@link Notification#claim} does), so two instances sweeping at once take different
	 * pages, and neither takes a row the other, or a send after its commit, holds. Answers the claimed notifications,
	 * in no particular order.
	 */
	@Query(CLAIM_DUE_PAGE)
	List<Notification> claimUnsentNotTriedSince(Instant before, Instant now, Instant claimedUntil, int limit);
}
