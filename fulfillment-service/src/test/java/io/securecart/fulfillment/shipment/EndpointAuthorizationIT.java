package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
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
 * Who may call each of fulfillment-service's endpoints, through its security filters with tokens from the test issuer. Every
 * endpoint it maps must have a row: a new one fails this test until someone decides who may call it.
 */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
@AutoConfigureMockMvc
class EndpointAuthorizationIT {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	@Autowired
	MockMvc mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	OrderFulfillmentRepository fulfillments;

	@Autowired
	ShipmentRepository shipments;

	@Test
	void everyEndpointSaysWhoMayCallIt() {
		String owner = "owner-" + UUID.randomUUID();
		UUID orderId = UUID.randomUUID();
		List<OrderLine> lines = List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50")));
		OrderFulfillment fulfillment = new OrderFulfillment(orderId, owner, lines, NOW);
		// Already running, so the starter's sweep leaves it alone: this test is about who may read it.
		fulfillment.executionStarted("arn:aws:states:us-east-1:123456789012:execution:fulfillment:" + orderId);
		fulfillments.save(fulfillment);
		shipments.save(new Shipment(orderId, owner, "central", lines, NOW));
		EndpointAuthorizationTable table = new EndpointAuthorizationTable(EndpointAuthorizationTable.mockMvc(mvc),
				mappings, owner, "other-" + UUID.randomUUID(), "checkout-service");

		// anonymous, owner, another customer, admin, service client
		// Another customer's order lists nothing, exactly as an order nobody knows: the answer does not tell it exists.
		table.endpoint("GET /api/shipments")
			.request(GET, "/api/shipments?orderId=" + orderId)
			.expect(401, 200, 200, 200, 403)
			.emptyListFor(OTHER_CUSTOMER);
		table.also("shipments of an order nobody knows")
			.request(GET, "/api/shipments?orderId=" + UUID.randomUUID())
			.expect(401, 200, 200, 200, 403)
			.emptyListFor(OWNER, OTHER_CUSTOMER, ADMIN);
		table.platformEndpoints("fulfillment-order-events");
		table.verify();
	}
}
