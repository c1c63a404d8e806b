package io.securecart.checkout.security;

import java.util.UUID;

import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.testsupport.EndpointAuthorizationTable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

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
		table.verify();
	}
}
