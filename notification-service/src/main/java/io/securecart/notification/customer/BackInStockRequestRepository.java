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

	/** Locked: a customer asking again meanwhile waits, and is not answered twice or lost. */
	@Query("""
			select * from back_in_stock_request where sku = :sku and notified_at is null order by requested_at
			for update""")
	List<BackInStockRequest> lockWaitingFor(String sku);
}
