package io.securecart.payment.charge;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;

interface PaymentRepository extends ListCrudRepository<Payment, UUID> {

	Optional<Payment> findByOrderId(UUID orderId);

	boolean existsByOrderId(UUID orderId);

}
