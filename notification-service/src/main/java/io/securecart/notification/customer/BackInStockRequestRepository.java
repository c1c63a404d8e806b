package io.securecart.notification.customer;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface BackInStockRequestRepository extends JpaRepository<BackInStockRequest, UUID> {

	Optional<BackInStockRequest> findByCustomerIdAndSku(String customerId, String sku);

	/** Locked: a customer asking again meanwhile waits, and is not answered twice or lost. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select r from BackInStockRequest r where r.sku = :sku and r.notifiedAt is null order by r.requestedAt")
	List<BackInStockRequest> lockWaitingFor(String sku);
}
