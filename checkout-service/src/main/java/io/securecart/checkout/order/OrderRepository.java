package io.securecart.checkout.order;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface OrderRepository extends JpaRepository<Order, UUID> {

	List<Order> findByCustomerIdOrderByCreatedAtDesc(String customerId, Limit limit);

}
