package io.securecart.notification.customer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface BackInStockRequestRepository extends ListCrudRepository<BackInStockRequest, UUID> {

	Optional<BackInStockRequest> findByCustomerIdAndSku(String customerId, String sku);

	/**
	 * The customer's request for the product, created waiting unless there is one. Of two first requests at once (a
	 * double click), the second waits here for the first's commit and then finds its row, instead of failing on the
	 * unique constraint.
	 */
	@Modifying
	@Query("""
			insert into back_in_stock_request (id, customer_id, sku, requested_at)
			values (:id, :customerId, :sku, :requestedAt)
			on conflict (customer_id, sku) do nothing
			""")
	void insertIfAbsent(UUID id, String customerId, String sku, Instant requestedAt);

	/** Locked, as the notifier locks the requests it answers: the two take turns instead of failing each other. */
	@Query("select * from back_in_stock_request where customer_id = :customerId and sku = :sku for update")
	Optional<BackInStockRequest> findLockedByCustomerIdAndSku(String customerId, String sku);

	/**
	 * Tells the next page of the customers waiting for {@code sku}, in one statement: at most {@code pageSize} of the
	 * requests made at or before the event ({@code occurredAt}), oldest first, are locked, marked notified by
	 * {@code eventId} and given a notification each. A request made after the event was not answered by it: the
	 * product may have run out again meanwhile. Nobody is told when a stock level change newer than the event was seen
	 * for the SKU (a late event). Answers the new notifications' ids; fewer than {@code pageSize}, it was the last
	 * page.
	 * <p>
	 * {@code for update}, not {@code skip locked}: a request a customer is asking again for at that moment is waited
	 * for rather than passed over (and never told), and a second delivery of the same event working at once waits for
	 * the first's page, then finds those requests answered and takes the next ones.
	 */
	@Query("""
			with page as (
				select id from back_in_stock_request
				where sku = :sku and notified_at is null and requested_at <= :occurredAt
				and not exists (select 1 from stock_level_seen seen
					where seen.sku = :sku and seen.occurred_at > :occurredAt)
				order by requested_at, id limit :pageSize for update),
			told as (
				update back_in_stock_request request
				set notified_at = :now, notified_by = :eventId, version = request.version + 1
				from page where request.id = page.id returning request.customer_id)
			insert into notification (id, event_id, customer_id, kind, message, created_at)
			select gen_random_uuid(), :eventId, customer_id, 'BACK_IN_STOCK', :message, :now from told
			returning id""")
	List<UUID> tellNextPage(String sku, Instant occurredAt, UUID eventId, String message, Instant now, int pageSize);

	/**
	 * Remembers that a stock level change of the SKU happened at {@code occurredAt}, unless a newer one was seen: the
	 * newest is what a late back-in-stock event is told from.
	 */
	@Modifying
	@Query("""
			insert into stock_level_seen as seen (sku, occurred_at) values (:sku, :occurredAt)
			on conflict (sku) do update set occurred_at = excluded.occurred_at
			where seen.occurred_at < excluded.occurred_at""")
	void sawStockLevelChange(String sku, Instant occurredAt);

	/**
	 * Makes the customer's requests take turns until the transaction ends, so that two at once cannot both find room
	 * under the cap. A transaction-scoped advisory lock: nothing to release, and a customer without a row is locked
	 * too.
	 */
	@Query("select 1 from pg_advisory_xact_lock(hashtext('back-in-stock-request'), hashtext(:customerId))")
	int lockRequestsOf(String customerId);

	@Query("select count(*) from back_in_stock_request where customer_id = :customerId and notified_at is null")
	int countWaitingOf(String customerId);
}
