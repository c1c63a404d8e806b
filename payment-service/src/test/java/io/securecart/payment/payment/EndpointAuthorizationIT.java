package io.securecart.payment.payment;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.testsupport.EndpointAuthorizationTable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call each of payment-service's endpoints, through its security filters with tokens from the test issuer. Every
 * endpoint it maps must have a row: a new one fails this test until someone decides who may call it.
 */
@PaymentIntegrationTest
class EndpointAuthorizationIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	PaymentRepository payments;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = "owner-" + UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		payments.saveAndFlush(Payment.authorized(orderId, owner, Money.of("10.00"), "ch_test", Instant.now()));
		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.mockMvc(mvc),
				mappings, owner, "other-" + UUID.randomUUID(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		table.endpoint("GET /api/payments")
			.request(GET, "/api/payments?orderId=" + orderId)
			.expect(401, 200, 404, 200, 403);
		// Only checkout, as itself, gets past security (and then this empty body is a 400).
		table.endpoint("POST /api/payments/authorizations")
			.request(POST, "/api/payments/authorizations")
			.body("{}")
			.expect(401, 403, 403, 403, 400);
		table.endpoint("GET /api/admin/gateway").request(GET, "/api/admin/gateway").expect(401, 403, 403, 200, 403);
		table.endpoint("PUT /api/admin/gateway")
			.request(PUT, "/api/admin/gateway")
			.body("{\"outage\": false}")
			.expect(401, 403, 403, 200, 403);
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
			.request(GET, "/api/admin/dlq/payment-order-events/messages")
			.expect(401, 403, 403, 200, 403);
		table.endpoint("POST /api/admin/dlq/{queue}/redrive")
			.request(POST, "/api/admin/dlq/no-such-queue/redrive")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/dlq/{queue}/messages/{messageId}/redrive")
			.request(POST, "/api/admin/dlq/payment-order-events/messages/no-such-message/redrive")
			.expect(401, 403, 403, 404, 403);
		// Fraud reviews and archive replays: the back office only. An unknown order or replay is 404 to an admin.
		table.endpoint("GET /api/admin/fraud-reviews")
			.request(GET, "/api/admin/fraud-reviews")
			.expect(401, 403, 403, 200, 403);
		table.endpoint("GET /api/admin/fraud-reviews/{orderId}")
			.request(GET, "/api/admin/fraud-reviews/" + UUID.randomUUID())
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/fraud-reviews/{orderId}/approve")
			.request(POST, "/api/admin/fraud-reviews/" + UUID.randomUUID() + "/approve")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/fraud-reviews/{orderId}/reject")
			.request(POST, "/api/admin/fraud-reviews/" + UUID.randomUUID() + "/reject")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/events/replays")
			.request(POST, "/api/admin/events/replays")
			.body("{}")
			.expect(401, 403, 403, 400, 403);
		table.endpoint("GET /api/admin/events/replays/{name}")
			.request(GET, "/api/admin/events/replays/no-such-replay")
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
