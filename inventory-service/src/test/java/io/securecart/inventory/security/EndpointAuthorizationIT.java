package io.securecart.inventory.security;

import java.util.UUID;

import io.securecart.testsupport.EndpointAuthorizationTable;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call each of inventory-service's endpoints, through its security filters with tokens from the test issuer. Every
 * endpoint it maps must have a row: a new one fails this test until someone decides who may call it.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class EndpointAuthorizationIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = "owner-" + UUID.randomUUID();

		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.mockMvc(mvc),
				mappings, owner, "other-" + UUID.randomUUID(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		// The catalog has no owner: any verified caller reads it; only admins change it.
		table.endpoint("GET /api/catalog/products")
			.request(GET, "/api/catalog/products?q=mug")
			.expect(401, 200, 200, 200, 200);
		table.endpoint("GET /api/catalog/products/{sku}")
			.request(GET, "/api/catalog/products/SC-MUG-002")
			.expect(401, 200, 200, 200, 200);
		// Counts of customers, never who: the catalog's audience (docs/adr/0014-activity-stream-on-kinesis.md).
		table.endpoint("GET /api/catalog/products/{sku}/recommendations")
			.request(GET, "/api/catalog/products/SC-MUG-002/recommendations")
			.expect(401, 200, 200, 200, 200);
		table.endpoint("PUT /api/catalog/products/{sku}/price")
			.request(PUT, "/api/catalog/products/SC-NOPE-404/price")
			.body("{\"price\": 1.00, \"currency\": \"USD\"}")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("PUT /api/catalog/products/{sku}/stock")
			.request(PUT, "/api/catalog/products/SC-NOPE-404/stock")
			.header("If-Match", "\"0\"")
			.body("{\"stockOnHand\": 1}")
			.expect(401, 403, 403, 404, 403);
		table.platformEndpoints("inventory-order-events");
		table.verify();
	}
}
