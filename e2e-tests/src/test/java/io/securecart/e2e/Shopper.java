package io.securecart.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/** What a shopper, an operator or a test can do through the services' public REST APIs, and nothing else. */
final class Shopper {

	private static final Set<String> TERMINAL = Set.of("SHIPPED", "CANCELLED");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RunningSystem system;

	Shopper(RunningSystem system) {
		this.system = system;
	}

	/**
	 * Sends any body, well-formed or not, so tests can see how bad input is answered; signed in as the customer the
	 * body names (alice when it names none, or is not JSON).
	 */
	Response placeOrder(String idempotencyKey, String body) {
		return placeOrderAs(customerNamedIn(body), idempotencyKey, body);
	}

	/** The same, signed in as {@code user}, or anonymous when {@code user} is null. */
	Response placeOrderAs(String user, String idempotencyKey, String body) {
		RestClient checkout = user == null ? system.client(Service.CHECKOUT) : system.client(Service.CHECKOUT, user);
		return checkout.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> {
				if (idempotencyKey != null) {
					headers.set("Idempotency-Key", idempotencyKey);
				}
			})
			.body(body)
			.exchange((request, response) -> new Response(response.getStatusCode().value(), response.getHeaders(),
					JSON.readTree(response.getBody().readAllBytes())));
	}

	Response placeOrder(String customerId, String paymentToken, String sku, int quantity) {
		return placeOrder(UUID.randomUUID().toString(), orderJson(customerId, paymentToken, sku, quantity));
	}

	static String orderJson(String customerId, String paymentToken, String sku, int quantity) {
		return """
				{"customerId":"%s","items":[{"sku":"%s","quantity":%d}],"paymentToken":"%s"}"""
			.formatted(customerId, sku, quantity, paymentToken);
	}

	JsonNode order(String orderId) {
		return get(Service.CHECKOUT, "/api/orders/" + orderId);
	}

	JsonNode awaitTerminal(String orderId) {
		return await("order " + orderId + " reaches SHIPPED or CANCELLED")
			.atMost(Duration.ofSeconds(60).plus(RunningSystem.FRAUD_REVIEW_TIMEOUT))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> order(orderId), order -> TERMINAL.contains(order.path("status").asString()));
	}

	JsonNode payments(String orderId) {
		return get(Service.PAYMENT, "/api/payments?orderId=" + orderId);
	}

	JsonNode shipments(String orderId) {
		return get(Service.FULFILLMENT, "/api/shipments?orderId=" + orderId);
	}

	JsonNode notifications(String orderId) {
		return get(Service.NOTIFICATION, "/api/notifications?orderId=" + orderId);
	}

	JsonNode product(String sku) {
		return get(Service.INVENTORY, "/api/catalog/products/" + sku);
	}

	List<JsonNode> ordersOf(String customerId) {
		return get(Service.CHECKOUT, "/api/orders?customerId=" + customerId).valueStream().toList();
	}

	/** An administrator's view of the order's fraud screening. */
	JsonNode fraudScreening(String orderId) {
		return get(Service.PAYMENT, "/api/admin/fraud-reviews/" + orderId);
	}

	JsonNode pendingFraudReviews() {
		return get(Service.PAYMENT, "/api/admin/fraud-reviews");
	}

	/** An administrator approves (or rejects) a pending review. */
	JsonNode decideFraudReview(String orderId, String decision) {
		return system.client(Service.PAYMENT, "ops")
			.post()
			.uri("/api/admin/fraud-reviews/{orderId}/{decision}", orderId, decision)
			.retrieve()
			.body(JsonNode.class);
	}

	/**
	 * The back office counts a product's stock: {@code stockOnHand} on the shelf now, reserved ones included. A count
	 * names the version of the product it was made against, the {@code ETag} it read, in {@code If-Match} (ADR 41).
	 * One that meets a newer version (an order reserved or shipped in between) is a 412 and changes nothing; a test
	 * means "this many, now", so it reads the product again with the refusal's {@code Consistency-Token}, which
	 * includes that newer version, and counts again.
	 */
	JsonNode countStock(String sku, int stockOnHand) {
		RestClient inventory = system.client(Service.INVENTORY, "ops");
		String token = null;
		for (int attempt = 1;; attempt++) {
			String readAfter = token;
			String etag = inventory.get()
				.uri("/api/catalog/products/{sku}", sku)
				.headers(headers -> {
					if (readAfter != null) {
						headers.set("Consistency-Token", readAfter);
					}
				})
				.retrieve()
				.toBodilessEntity()
				.getHeaders()
				.getETag();
			Response counted = inventory.put()
				.uri("/api/catalog/products/{sku}/stock", sku)
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.IF_MATCH, etag)
				.body(Map.of("stockOnHand", stockOnHand))
				.exchange((request, response) -> new Response(response.getStatusCode().value(),
						response.getHeaders(), JSON.readTree(response.getBody().readAllBytes())));
			if (counted.status() == 200) {
				return counted.body();
			}
			if (counted.status() != 412 || attempt == 5) {
				throw new IllegalStateException("Counting %d of %s was answered %d: %s".formatted(stockOnHand, sku,
						counted.status(), counted.body()));
			}
			token = counted.headers().getFirst("Consistency-Token");
		}
	}

	/** Reads as the back office (ops), which sees every customer's data. */
	private JsonNode get(Service service, String path) {
		RestClient client = system.client(service, "ops");
		return client.get().uri(path).retrieve().body(JsonNode.class);
	}

	private static String customerNamedIn(String body) {
		try {
			String customer = JSON.readTree(body).path("customerId").asString();
			return customer == null || customer.isEmpty() || "x".equals(customer) ? "alice" : customer;
		}
		catch (RuntimeException notJson) {
			return "alice";
		}
	}

	record Response(int status, HttpHeaders headers, JsonNode body) {

		String orderId() {
			return body.path("id").asString();
		}
	}
}
