package io.securecart.notification.notification;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.PaymentDeclined;
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
 * Who may call each of notification-service's endpoints, through its security filters with tokens from the test issuer. Every
 * endpoint it maps must have a row: a new one fails this test until someone decides who may call it.
 */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
@AutoConfigureMockMvc
class EndpointAuthorizationIT {

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	NotificationRepository notifications;

	@Autowired
	BackInStockRequestRepository backInStockRequests;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = "owner-" + UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		Instant now = Instant.now();
		notifications.saveAndFlush(Notification
			.about(new PaymentDeclined(UUID.randomUUID(), orderId, owner, "insufficient funds", now), now));
		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.mockMvc(mvc),
				mappings, owner, "other-" + UUID.randomUUID(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		table.endpoint("GET /api/notifications")
			.request(GET, "/api/notifications?orderId=" + orderId)
			.expect(401, 200, 404, 200, 403);
		table.also("notifications of a named customer")
			.request(GET, "/api/notifications?customerId=" + owner)
			.expect(401, 200, 404, 200, 403);
		// Only the token's subject has back-in-stock requests: another customer's answers 404 (ADR 15).
		String requestedSku = "SC-WAITED-" + UUID.randomUUID().toString().substring(0, 8);
		backInStockRequests.saveAndFlush(BackInStockRequest.of(owner, requestedSku, now));
		table.endpoint("PUT /api/back-in-stock-requests/{sku}")
			.request(PUT, "/api/back-in-stock-requests/SC-ASKED-" + UUID.randomUUID().toString().substring(0, 8))
			.expect(401, 200, 200, 403, 403);
		table.endpoint("GET /api/back-in-stock-requests/{sku}")
			.request(GET, "/api/back-in-stock-requests/" + requestedSku)
			.expect(401, 200, 404, 403, 403);
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
			.request(GET, "/api/admin/dlq/notification-order-events/messages")
			.expect(401, 403, 403, 200, 403);
		table.endpoint("POST /api/admin/dlq/{queue}/redrive")
			.request(POST, "/api/admin/dlq/no-such-queue/redrive")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/dlq/{queue}/messages/{messageId}/redrive")
			.request(POST, "/api/admin/dlq/notification-order-events/messages/no-such-message/redrive")
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
