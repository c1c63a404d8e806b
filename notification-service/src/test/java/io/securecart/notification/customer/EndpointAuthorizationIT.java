package io.securecart.notification.customer;

import java.time.Clock;
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

import static io.securecart.testsupport.EndpointAuthorizationTable.Caller.ADMIN;
import static io.securecart.testsupport.EndpointAuthorizationTable.Caller.OTHER_CUSTOMER;
import static io.securecart.testsupport.EndpointAuthorizationTable.Caller.OWNER;
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

	@Autowired
	Clock clock;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = "owner-" + UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		Instant now = clock.instant();
		notifications.save(Notification
			.about(new PaymentDeclined(UUID.randomUUID(), orderId, owner, "insufficient funds", now), now));
		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.mockMvc(mvc),
				mappings, owner, "other-" + UUID.randomUUID(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		// Another customer's order lists nothing, exactly as an order nobody knows: the answer does not tell it exists.
		table.endpoint("GET /api/notifications")
			.request(GET, "/api/notifications?orderId=" + orderId)
			.expect(401, 200, 200, 200, 403)
			.emptyListFor(OTHER_CUSTOMER);
		table.also("notifications of an order nobody knows")
			.request(GET, "/api/notifications?orderId=" + UUID.randomUUID())
			.expect(401, 200, 200, 200, 403)
			.emptyListFor(OWNER, OTHER_CUSTOMER, ADMIN);
		// Naming another customer is a 404 whoever it names, so it tells nothing either.
		table.also("notifications of a named customer")
			.request(GET, "/api/notifications?customerId=" + owner)
			.expect(401, 200, 404, 200, 403);
		table.platformEndpoints("notification-order-events");
		// Only the token's subject has back-in-stock requests: another customer's answers 404 (ADR 15).
		String requestedSku = "SC-WAITED-" + UUID.randomUUID().toString().substring(0, 8);
		backInStockRequests.save(BackInStockRequest.of(owner, requestedSku, now));
		table.endpoint("PUT /api/back-in-stock-requests/{sku}")
			.request(PUT, "/api/back-in-stock-requests/SC-ASKED-" + UUID.randomUUID().toString().substring(0, 8))
			.expect(401, 200, 200, 403, 403);
		table.endpoint("GET /api/back-in-stock-requests/{sku}")
			.request(GET, "/api/back-in-stock-requests/" + requestedSku)
			.expect(401, 200, 404, 403, 403);
		table.verify();
	}
}
