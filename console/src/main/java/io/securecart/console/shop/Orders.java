package io.securecart.console.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Orders, shipments and notifications through checkout's, fulfillment's and notification's APIs, as the signed-in
 * user: another customer's order is checkout's 404, and fulfillment and notification list nothing of it.
 */
@Component
class Orders {

	private static final ParameterizedTypeReference<List<Order>> ORDERS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Shipment>> SHIPMENTS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Notification>> NOTIFICATIONS = new ParameterizedTypeReference<>() {
	};

	private final ServiceApi api;

	Orders(ServiceApi api) {
		this.api = api;
	}

	/** The customer is the token's subject; checkout prices the lines itself. */
	Order place(Authentication user, String idempotencyKey, String sku, int quantity, String paymentToken) {
		HttpHeaders headers = new HttpHeaders();
		headers.set("Idempotency-Key", idempotencyKey);
		Map<String, Object> body = Map.of("items", List.of(Map.of("sku", sku, "quantity", quantity)), "paymentToken",
				paymentToken);
		return api.send(Service.CHECKOUT, user, HttpMethod.POST, body, headers, Order.class, "/api/orders");
	}

	Order order(Authentication user, UUID id) {
		return api.get(Service.CHECKOUT, user, Order.class, "/api/orders/{id}", id);
	}

	List<Order> mine(Authentication user) {
		return api.get(Service.CHECKOUT, user, ORDERS, "/api/orders");
	}

	List<Shipment> shipments(Authentication user, UUID orderId) {
		return api.get(Service.FULFILLMENT, user, SHIPMENTS, "/api/shipments?orderId={id}", orderId);
	}

	List<Notification> notifications(Authentication user, UUID orderId) {
		return api.get(Service.NOTIFICATION, user, NOTIFICATIONS, "/api/notifications?orderId={id}", orderId);
	}

	List<Notification> notificationsOf(Authentication user) {
		return api.get(Service.NOTIFICATION, user, NOTIFICATIONS, "/api/notifications?customerId={id}",
				user.getName());
	}

	/**
	 * What the tracker shows of one order at one moment. Without checkout there is no order to show; fulfillment or
	 * notification stopped or failing (5xx) leaves its part out and says so, as a customer's order does not depend on
	 * them. Any other answer (a 401, a 404) is the page's.
	 */
	OrderProgress progress(Authentication user, UUID id) {
		Order order = order(user, id);
		List<ApiProblemException> unanswered = new ArrayList<>();
		List<Shipment> shipments = unlessUnanswered(() -> shipments(user, id), unanswered);
		List<Notification> notifications = unlessUnanswered(() -> notifications(user, id), unanswered);
		return new OrderProgress(order, shipments, notifications, List.copyOf(unanswered));
	}

	private static <T> List<T> unlessUnanswered(Supplier<List<T>> call, List<ApiProblemException> unanswered) {
		try {
			return call.get();
		}
		catch (ApiProblemException ex) {
			if (ex.status() < 500) {
				throw ex;
			}
			unanswered.add(ex);
			return List.of();
		}
	}
}
