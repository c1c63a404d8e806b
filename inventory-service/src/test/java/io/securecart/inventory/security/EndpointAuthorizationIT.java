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
			.body("{\"stockOnHand\": 1}")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("GET /v3/api-docs").request(GET, "/v3/api-docs").expect(200, 200, 200, 200, 200);
		table.endpoint("GET /v3/api-docs.yaml").request(GET, "/v3/api-docs.yaml").expect(200, 200, 200, 200, 200);
		table.endpoint("GET /v3/api-docs/swagger-config")
			.request(GET, "/v3/api-docs/swagger-config")
			.expect(200, 200, 200, 200, 200);
		table.endpoint("GET /swagger-ui.html").request(GET, "/swagger-ui.html").expect(302, 302, 302, 302, 302);
		table.endpoint("GET /api/admin/audit").request(GET, "/api/admin/audit").expect(401, 403, 403, 200, 403);
		table.endpoint("GET /api/admin/dlq").request(GET, "/api/admin/dlq").expect(401, 403, 403, 200, 403)
			.metricsScraper(403);
		table.endpoint("GET /api/admin/dlq/{queue}/messages")
			.request(GET, "/api/admin/dlq/inventory-order-events/messages")
			.expect(401, 403, 403, 200, 403);
		table.endpoint("POST /api/admin/dlq/{queue}/redrive")
			.request(POST, "/api/admin/dlq/no-such-queue/redrive")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/dlq/{queue}/messages/{messageId}/redrive")
			.request(POST, "/api/admin/dlq/inventory-order-events/messages/no-such-message/redrive")
			.expect(401, 403, 403, 404, 403);
		table.also("actuator metrics")
			.request(GET, "/actuator/metrics")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(403);
		// Prometheus' own token (role METRICS) reads these metrics and nothing else (docs/adr/0007-metrics-and-alarms.md).
		table.also("actuator prometheus")
			.request(GET, "/actuator/prometheus")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(200);
		table.also("actuator health").request(GET, "/actuator/health").expect(200, 200, 200, 200, 200);
		table.verify();
	}
}
