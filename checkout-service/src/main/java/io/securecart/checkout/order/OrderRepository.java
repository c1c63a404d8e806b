package io.securecart.checkout.order;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/** Orders are never deleted or listed all at once: only what {@link Orders} needs is exposed. */
interface OrderRepository extends Repository<Order, UUID> {

	/** Inserts a new order (its version is null), or updates one read before unless it changed meanwhile. */
	Order save(Order order);

	Optional<Order> findById(UUID id);

	List<Order> findByCustomerIdOrderByCreatedAtDesc(String customerId, Limit limit);

}
