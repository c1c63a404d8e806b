package io.securecart.notification.customer;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface BackInStockRequestRepository extends ListCrudRepository<BackInStockRequest, UUID> {

	Optional<BackInStockRequest> findByCustomerIdAndSku(String customerId, String sku);

	/** Locked: a customer asking again meanwhile waits, and is not answered twice or lost. */
	@Query("""
			select * from back_in_stock_request where sku = :sku and notified_at is null order by requested_at
			for update""")
	List<BackInStockRequest> lockWaitingFor(String sku);
}
