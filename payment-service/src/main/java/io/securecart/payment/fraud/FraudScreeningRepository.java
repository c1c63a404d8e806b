package io.securecart.payment.fraud;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface FraudScreeningRepository extends ListCrudRepository<FraudScreening, UUID> {

	long countByCustomerIdAndPlacedAtAfter(String customerId, Instant since);

	boolean existsByCustomerId(String customerId);

	List<FraudScreening> findByStatusOrderByDecideByAsc(ScreeningStatus status);
}
