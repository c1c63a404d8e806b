package io.securecart.notification.customer;

import java.util.List;
import java.util.UUID;

import io.securecart.platform.security.Caller;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What customers were told: for an order, oldest first (a handful per order); for a customer, the newest
 * {@value #CUSTOMER_NOTIFICATIONS_SHOWN} newest first, as checkout lists a customer's orders (a customer's history
 * grows without end, and one answer must not); for both at once, oldest first. A customer sees only their own: every
 * query of theirs is narrowed to them, so another customer's order lists nothing, exactly as an order nobody knows (a
 * 404 for it would tell that it exists); naming another customer answers 404, whoever it is.
 * An admin asking for neither would list everyone's notifications, so it is a 400 problem, as are a malformed order
 * id and a blank customer id.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

	static final int CUSTOMER_NOTIFICATIONS_SHOWN = 100;

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	@GetMapping
	List<NotificationView> find(@RequestParam(required = false) UUID orderId,
			@RequestParam(required = false) String customerId, Authentication authentication) {
		if (customerId != null && customerId.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "customerId must not be blank");
		}
		Caller caller = Caller.of(authentication);
		if (customerId != null || !caller.isAdmin()) {
			customerId = caller.readableCustomer(customerId, "Customer");
		}
		List<Notification> found;
		if (orderId != null && customerId != null) {
			found = notifications.findByOrderIdAndCustomerId(orderId, customerId, NotificationRepository.OLDEST_FIRST);
		}
		else if (orderId != null) {
			found = notifications.findByOrderId(orderId, NotificationRepository.OLDEST_FIRST);
		}
		else if (customerId != null) {
			found = notifications.findByCustomerIdOrderByCreatedAtDescIdDesc(customerId,
					Limit.of(CUSTOMER_NOTIFICATIONS_SHOWN));
		}
		else {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Give an orderId, a customerId, or both");
		}
		return found.stream().map(NotificationView::of).toList();
	}
}
