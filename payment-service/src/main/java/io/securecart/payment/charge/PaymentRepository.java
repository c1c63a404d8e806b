package io.securecart.payment.charge;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface PaymentRepository extends ListCrudRepository<Payment, UUID> {

	Optional<Payment> findByOrderId(UUID orderId);

	/** Declared, not derived: asked for every order, and Spring Data JDBC builds a derived query's SQL at every call. */
	@Query("select exists (select 1 from payment where order_id = :orderId)")
	boolean existsByOrderId(UUID orderId);

}
