package io.securecart.checkout.security;

import java.util.UUID;

import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.testsupport.EndpointAuthorizationTable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call each of checkout's endpoints, over HTTP with tokens from the test issuer. Every endpoint checkout maps
 * must have a row: a new one fails this test until someone decides who may call it.
 */
class EndpointAuthorizationIT extends CheckoutIntegrationTestSupport {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = newCustomer();
		OrderView order = placeOrder(owner, "SC-TSHIRT-001", 1);
		addToCart(owner, "SC-MUG-002");
		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.http(baseUrl()),
				mappings, owner, newCustomer(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		table.endpoint("POST /api/orders")
			.request(POST, "/api/orders")
			.header("Idempotency-Key", () -> UUID.randomUUID().toString())
			.body("""
					{"items": [{"sku": "SC-MUG-002", "quantity": 1}], "paymentToken": "tok_visa"}""")
			.expect(401, 202, 202, 403, 403);
		table.endpoint("GET /api/orders/{id}").request(GET, "/api/orders/" + order.id()).expect(401, 200, 404, 200, 403);
		table.endpoint("GET /api/orders")
			.request(GET, "/api/orders?customerId=" + owner)
			.expect(401, 200, 404, 200, 403);
		table.platformEndpoints("checkout-order-events");
		// The cart is always the caller's own: another customer gets theirs (empty), never the owner's; no admin or
		// service has one. The owner holds SC-MUG-002 at version 1 (see above).
		table.endpoint("GET /api/cart").request(GET, "/api/cart").expect(401, 200, 200, 403, 403);
		table.endpoint("POST /api/cart/items")
			.request(POST, "/api/cart/items")
			.body("""
					{"sku": "SC-TSHIRT-001", "quantity": 1}""")
			.expect(401, 200, 200, 403, 403);
		table.endpoint("PUT /api/cart/items/{sku}")
			.request(PUT, "/api/cart/items/SC-MUG-002")
			.body("""
					{"quantity": 2, "expectedVersion": 1}""")
			.expect(401, 200, 409, 403, 403);
		table.endpoint("POST /api/cart/checkout")
			.request(POST, "/api/cart/checkout")
			.header("Idempotency-Key", () -> UUID.randomUUID().toString())
			.body("""
					{"paymentToken": "tok_visa"}""")
			.expect(401, 202, 202, 403, 403);
		table.endpoint("DELETE /api/cart/items/{sku}")
			.request(DELETE, "/api/cart/items/SC-MUG-002")
			.expect(401, 204, 204, 403, 403);
		table.endpoint("DELETE /api/cart").request(DELETE, "/api/cart").expect(401, 204, 204, 403, 403);
		table.verify();
	}

	private void addToCart(String customer, String sku) {
		http.post()
			.uri("/api/cart/items")
			.header(org.springframework.http.HttpHeaders.AUTHORIZATION,
					io.securecart.testsupport.TestTokens.shared().customer(customer))
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body("""
					{"sku": "%s", "quantity": 1}""".formatted(sku))
			.exchange()
			.expectStatus()
			.isOk();
	}
}
