package io.securecart.checkout.support;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.checkout.cart.CartView;
import io.securecart.checkout.order.OrderView;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What checkout's integration tests share, so that they share one Spring context too: the whole service on a random
 * port against real PostgreSQL and moto, with inventory's catalog played by a {@link StubCatalog}. The listener's
 * backoff does not grow, so that a failing message reaches its dead-letter queue in seconds.
 */
@ServiceIntegrationTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "securecart.messaging.retry.multiplier=1.0")
public abstract class CheckoutIntegrationTestSupport {

	/** One per test JVM, like the Spring context that points at it. */
	protected static final StubCatalog catalog = new StubCatalog();

	protected static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(catalog::close, "stub-catalog-stop"));
	}

	@DynamicPropertySource
	static void inventoryIsTheStubCatalog(DynamicPropertyRegistry registry) {
		registry.add("securecart.checkout.catalog.base-url", catalog::baseUrl);
	}

	@LocalServerPort
	private int port;

	protected RestTestClient http;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@BeforeEach
	void healthyCatalogAndClosedCircuit() {
		// The JDK's client sends each request once; Apache HttpClient would silently re-send a POST answered 503.
		http = RestTestClient.bindToServer(new JdkClientHttpRequestFactory()).baseUrl("http://localhost:" + port).build();
		catalog.reset();
		catalog.product("SC-TSHIRT-001", "19.99").product("SC-MUG-002", "12.50");
		circuitBreakers.circuitBreaker("catalog").reset();
	}

	/** Where the service listens, for tests that send their own requests. */
	protected String baseUrl() {
		return "http://localhost:" + port;
	}

	protected static String newCustomer() {
		return "customer-" + UUID.randomUUID();
	}

	protected static String orderRequest(String customerId, String sku, int quantity) {
		return """
				{"customerId": "%s", "items": [{"sku": "%s", "quantity": %d}], "paymentToken": "tok_visa"}
				""".formatted(customerId, sku, quantity);
	}

	/** Posts an order signed in as the customer the body names (alice if it names none), as a shopper would. */
	protected RestTestClient.ResponseSpec post(String idempotencyKey, String body) {
		return http.post()
			.uri("/api/orders")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customerNamedIn(body)))
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	/** Places an order that must be accepted, under a fresh idempotency key. */
	protected OrderView placeOrder(String customerId, String sku, int quantity) {
		return post(UUID.randomUUID().toString(), orderRequest(customerId, sku, quantity)).expectStatus()
			.isEqualTo(HttpStatus.ACCEPTED)
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	private static String customerNamedIn(String body) {
		try {
			String customer = JsonPath.read(body, "$.customerId");
			return customer == null ? "alice" : customer;
		}
		catch (RuntimeException notThere) {
			return "alice";
		}
	}

	/** Adds to the customer's cart, signed in as them. */
	protected RestTestClient.ResponseSpec addToCart(String customer, String sku, int quantity) {
		return http.post()
			.uri("/api/cart/items")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"sku": "%s", "quantity": %d}""".formatted(sku, quantity))
			.exchange();
	}

	/** Checks the customer's cart out, signed in as them, paying with {@code tok_visa}. */
	protected RestTestClient.ResponseSpec cartCheckout(String customer, String idempotencyKey) {
		return http.post()
			.uri("/api/cart/checkout")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"paymentToken": "tok_visa"}""")
			.exchange();
	}

	/** The customer's cart, as they see it. */
	protected CartView cart(String customer) {
		return http.get()
			.uri("/api/cart")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(CartView.class)
			.returnResult()
			.getResponseBody();
	}

	protected OrderView order(UUID id) {
		return http.get().uri("/api/orders/{id}", id).header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.exchange().expectStatus().isOk().expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	protected long ordersOf(String customerId) {
		return jdbc.sql("select count(*) from orders where customer_id = :customerId")
			.param("customerId", customerId)
			.query(Long.class)
			.single();
	}
}
