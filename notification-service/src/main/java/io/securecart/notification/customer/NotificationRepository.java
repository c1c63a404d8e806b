package io.securecart.notification.customer;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.repository.ListCrudRepository;

interface NotificationRepository extends ListCrudRepository<Notification, UUID> {

	Sort OLDEST_FIRST = Sort.by("createdAt", "id");

	List<Notification> findByOrderId(UUID orderId, Sort sort);

	List<Notification> findByCustomerId(String customerId, Sort sort);

	List<Notification> findByOrderIdAndCustomerId(UUID orderId, String customerId, Sort sort);

	boolean existsByOrderIdAndKind(UUID orderId, NotificationKind kind);
}
