package io.securecart.payment.charge;

import java.time.Clock;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.testsupport.EndpointAuthorizationTable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.securecart.testsupport.EndpointAuthorizationTable.Caller.ADMIN;
import static io.securecart.testsupport.EndpointAuthorizationTable.Caller.OTHER_CUSTOMER;
import static io.securecart.testsupport.EndpointAuthorizationTable.Caller.OWNER;
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

	@Autowired
	Clock clock;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = "owner-" + UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		payments.save(Payment.authorized(orderId, owner, Money.of("10.00"), "ch_test", clock.instant()));
		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.mockMvc(mvc),
				mappings, owner, "other-" + UUID.randomUUID(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		// Another customer's order lists nothing, exactly as an order nobody knows: the answer does not tell it exists.
		table.endpoint("GET /api/payments")
			.request(GET, "/api/payments?orderId=" + orderId)
			.expect(401, 200, 200, 200, 403)
			.emptyListFor(OTHER_CUSTOMER);
		table.also("payments of an order nobody knows")
			.request(GET, "/api/payments?orderId=" + UUID.randomUUID())
			.expect(401, 200, 200, 200, 403)
			.emptyListFor(OWNER, OTHER_CUSTOMER, ADMIN);
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
		// Listing and settling the charges set aside for reconciliation: the back office only. An order with no attempt
		// is 404.
		table.endpoint("GET /api/admin/payment-attempts/awaiting-reconciliation")
			.request(GET, "/api/admin/payment-attempts/awaiting-reconciliation")
			.expect(401, 403, 403, 200, 403);
		table.endpoint("POST /api/admin/payment-attempts/{orderId}/settlement")
			.request(POST, "/api/admin/payment-attempts/" + UUID.randomUUID() + "/settlement")
			.body("{\"charged\": false}")
			.expect(401, 403, 403, 404, 403);
		// Listing and settling the refunds set aside for reconciliation, the same way.
		table.endpoint("GET /api/admin/refund-attempts/awaiting-reconciliation")
			.request(GET, "/api/admin/refund-attempts/awaiting-reconciliation")
			.expect(401, 403, 403, 200, 403);
		table.endpoint("POST /api/admin/refund-attempts/{orderId}/settlement")
			.request(POST, "/api/admin/refund-attempts/" + UUID.randomUUID() + "/settlement")
			.body("{\"refunded\": false}")
			.expect(401, 403, 403, 404, 403);
		table.endpoint("POST /api/admin/refund-attempts/{orderId}/retry")
			.request(POST, "/api/admin/refund-attempts/" + UUID.randomUUID() + "/retry")
			.expect(401, 403, 403, 404, 403);
		table.platformEndpoints("payment-order-events");
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
		table.verify();
	}
}
