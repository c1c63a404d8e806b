package io.securecart.checkout.order;

import java.util.Map;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.testsupport.RequestFuzzer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tier (test-support's {@link RequestFuzzer}): bad requests against every endpoint checkout maps, through its
 * real context and security. No 5xx, every 4xx a SecureCart problem, nothing persisted for a refused request.
 */
class FuzzIT extends CheckoutIntegrationTestSupport {

	@Autowired
	WebApplicationContext context;

	@Test
	void badRequestsAreRefusedWithProblemsAndChangeNothing() {
		String customer = newCustomer();
		RequestFuzzer.Summary summary = new RequestFuzzer("checkout-service", context).customer(customer)
			.example("POST /api/orders", "/api/orders", """
					{"items": [{"sku": "SC-MUG-002", "quantity": 1}, {"sku": "SC-TSHIRT-001", "quantity": 2}],
					 "paymentToken": "tok_visa"}""", Map.of(OrderController.IDEMPOTENCY_KEY, RequestFuzzer.FRESH_UUID))
			.example("GET /api/orders", "/api/orders?customerId=" + customer, null)
			.example("POST /api/cart/items", "/api/cart/items", """
					{"sku": "SC-MUG-002", "quantity": 1}""")
			.example("PUT /api/cart/items/{sku}", "/api/cart/items/SC-MUG-002", """
					{"quantity": 2, "expectedVersion": 1}""")
			.example("POST /api/cart/checkout", "/api/cart/checkout", """
					{"paymentToken": "tok_visa"}""", Map.of(OrderController.IDEMPOTENCY_KEY, RequestFuzzer.FRESH_UUID))
			.rows(RequestFuzzer.rowCounts(jdbc, "orders", "order_line", "order_timeline", "idempotency_key",
					"outbox_message"))
			.run();
		assertThat(summary.inClass(4)).isPositive();
	}
}
