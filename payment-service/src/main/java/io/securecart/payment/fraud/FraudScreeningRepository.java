package io.securecart.payment.fraud;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface FraudScreeningRepository extends ListCrudRepository<FraudScreening, UUID> {

	/**
	 * Holds the customer's lock until the transaction ends, so that one customer's orders are screened one at a time
	 * and each counts those screened before it. A transaction-scoped advisory lock: nothing to release, nothing left
	 * behind by a crash; two customers whose keys collide only take turns.
	 */
	@Query("select 1 from pg_advisory_xact_lock(hashtext('fraud-screening'), hashtext(:customerId))")
	int lockCustomer(String customerId);

	/** The customer's orders placed from {@code since} to {@code until}: one screened late counts none after it. */
	long countByCustomerIdAndPlacedAtBetween(String customerId, Instant since, Instant until);

	boolean existsByCustomerIdAndPlacedAtLessThanEqual(String customerId, Instant until);

	List<FraudScreening> findByStatusOrderByDecideByAsc(ScreeningStatus status);

	/** Read to decide: two reviewers (or a reviewer and the timer) take turns, and the second finds it decided. */
	@Query("select * from fraud_screening where order_id = :orderId for update")
	Optional<FraudScreening> findLockedById(UUID orderId);
}
