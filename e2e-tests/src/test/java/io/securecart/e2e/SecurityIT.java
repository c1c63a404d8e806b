package io.securecart.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exploit of issue 9, and its neighbours, against the running system with real tokens from the authorization
 * server: nobody gets goods, money or anyone's data without the right identity.
 */
class SecurityIT {

	private static RunningSystem system;

	private static Shopper shopper;

	private static Databases databases;

	@BeforeAll
	static void start() {
		system = RunningSystem.get();
		shopper = new Shopper(system);
		databases = new Databases(system.infrastructure());
	}

	/** Three T-shirts at 0.00 for an order that does not exist, as mallory sent it. */
	private static String freeTshirts(UUID orderId, String customerId) {
		return """
				{"orderId":"%s","customerId":"%s","currency":"USD","total":0.00,"paymentToken":"tok_visa",
				 "lines":[{"sku":"SC-TSHIRT-001","quantity":3,"unitPrice":0.00}]}""".formatted(orderId, customerId);
	}

	@Test
	void anAnonymousAuthorizationOfFreeGoodsIsRefusedAndNothingIsChargedReservedShippedOrNotified() {
		UUID orderId = UUID.randomUUID();

		int anonymous = post(system.client(Service.PAYMENT), freeTshirts(orderId, "mallory"));
		int customer = post(system.client(Service.PAYMENT, "alice"), freeTshirts(orderId, "alice"));
		int admin = post(system.client(Service.PAYMENT, "ops"), freeTshirts(orderId, "mallory"));

		assertThat(anonymous).isEqualTo(401);
		assertThat(customer).isEqualTo(403);
		assertThat(admin).as("not even an admin may ask payment to charge").isEqualTo(403);
		await("nothing happens for order " + orderId).during(Duration.ofSeconds(5))
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> tracesOf(orderId) == 0);
	}

	@Test
	void theHttpAuthorizationDoesNotExistUnlessCheckoutRunsCoupledEvenForCheckoutItself() {
		UUID orderId = UUID.randomUUID();
		RestClient asCheckout = RestClient.builder()
			.baseUrl(system.baseUrl(Service.PAYMENT).toString())
			.defaultHeader("Authorization", "Bearer " + system.checkoutServiceToken())
			.build();

		assertThat(post(asCheckout, freeTshirts(orderId, "mallory"))).isEqualTo(404);
		assertThat(tracesOf(orderId)).isZero();
	}

	@Test
	void aCustomerOrderingForSomeoneElseIsRefusedWith403() {
		String victim = system.newCustomer();

		Shopper.Response response = shopper.placeOrderAs("alice", UUID.randomUUID().toString(),
				Shopper.orderJson(victim, "tok_visa", "SC-MUG-002", 1));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(shopper.ordersOf(victim)).isEmpty();
	}

	@Test
	void anAnonymousOrderIsRefusedWith401() {
		Shopper.Response response = shopper.placeOrderAs(null, UUID.randomUUID().toString(),
				Shopper.orderJson("alice", "tok_visa", "SC-MUG-002", 1));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
	}

	@Test
	void aCustomerSeesOnlyTheirOwnOrderAndItsPaymentShipmentAndNotifications() {
		String owner = system.newCustomer();
		Shopper.Response placed = shopper.placeOrder(owner, "tok_visa", "SC-MUG-002", 1);
		assertThat(placed.status()).isEqualTo(202);
		shopper.awaitTerminal(placed.orderId());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> shopper.notifications(placed.orderId()).size() == 1);

		for (String path : new String[] { "/api/orders/" + placed.orderId() }) {
			assertThat(status(system.client(Service.CHECKOUT, owner), path)).isEqualTo(200);
			assertThat(status(system.client(Service.CHECKOUT, "bob"), path)).isEqualTo(404);
		}
		assertThat(status(system.client(Service.CHECKOUT, "bob"), "/api/orders?customerId=" + owner)).isEqualTo(404);
		String unknownOrder = UUID.randomUUID().toString();
		for (Service service : new Service[] { Service.PAYMENT, Service.FULFILLMENT, Service.NOTIFICATION }) {
			String list = switch (service) {
				case PAYMENT -> "/api/payments?orderId=";
				case FULFILLMENT -> "/api/shipments?orderId=";
				default -> "/api/notifications?orderId=";
			};
			String path = list + placed.orderId();
			assertThat(answer(system.client(service, owner), path)).as(service + " as the owner").startsWith("200 [{");
			// Another customer's order reads as one nobody knows: a 404 for it would tell bob that it exists.
			assertThat(answer(system.client(service, "bob"), path)).as(service + " as another customer")
				.isEqualTo(answer(system.client(service, "bob"), list + unknownOrder))
				.isEqualTo("200 []");
			assertThat(status(system.client(service), path)).as(service + " anonymous").isEqualTo(401);
		}
	}

	@Test
	void theBackOfficeIsForAdminsOnly() {
		String gateway = "{\"outage\": true}";

		assertThat(put(system.client(Service.PAYMENT), "/api/admin/gateway", gateway)).isEqualTo(401);
		assertThat(put(system.client(Service.PAYMENT, "alice"), "/api/admin/gateway", gateway)).isEqualTo(403);
		assertThat(status(system.client(Service.INVENTORY, "alice"), "/api/admin/dlq")).isEqualTo(403);
		assertThat(put(system.client(Service.INVENTORY, "alice"), "/api/catalog/products/SC-MUG-002/price",
				"{\"price\": 0.01, \"currency\": \"USD\"}")).isEqualTo(403);
		assertThat(status(system.client(Service.CHECKOUT), "/actuator/metrics")).isEqualTo(401);
		assertThat(status(system.client(Service.CHECKOUT, "ops"), "/actuator/metrics")).isEqualTo(200);
		JsonNode health = system.client(Service.CHECKOUT).get().uri("/actuator/health").retrieve().body(JsonNode.class);
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.has("components")).as("health details are for admins").isFalse();
	}

	private long tracesOf(UUID orderId) {
		return count(Service.PAYMENT, "payment", orderId) + count(Service.INVENTORY, "reservation", orderId)
				+ count(Service.FULFILLMENT, "shipment", orderId) + count(Service.NOTIFICATION, "notification", orderId);
	}

	private long count(Service service, String table, UUID orderId) {
		return databases.of(service)
			.sql("select count(*) from " + table + " where order_id = :orderId")
			.param("orderId", orderId)
			.query(Long.class)
			.single();
	}

	private static int post(RestClient client, String body) {
		return client.post()
			.uri("/api/payments/authorizations")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> response.getStatusCode().value());
	}

	private static int put(RestClient client, String path, String body) {
		return client.put()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> response.getStatusCode().value());
	}

	private static int status(RestClient client, String path) {
		return client.get().uri(path).exchange((request, response) -> response.getStatusCode().value());
	}

	/** The status and the body, e.g. {@code 200 []}: what tells a caller whether an order exists. */
	private static String answer(RestClient client, String path) {
		return client.get()
			.uri(path)
			.exchange((request, response) -> response.getStatusCode().value() + " "
					+ new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
	}
}
