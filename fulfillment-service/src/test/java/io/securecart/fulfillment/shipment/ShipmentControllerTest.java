package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.fulfillment.security.FulfillmentSecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

@WebMvcTest(ShipmentController.class)
@Import(FulfillmentSecurityConfiguration.class)
@WithMockUser(username = "alice", roles = "CUSTOMER")
class ShipmentControllerTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private OrderFulfillmentRepository fulfillments;

	@MockitoBean
	private ShipmentRepository shipments;

	@MockitoBean
	private TaskLedger ledger;

	@Test
	void showsEachShipmentWithItsStepStatesAndNotTheExecutionsArnToTheCustomer() {
		UUID orderId = UUID.randomUUID();
		OrderFulfillment fulfillment = new OrderFulfillment(orderId, "alice",
				List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")), new OrderLine("SC-MUG-002", 1,
						Money.of("12.50"))), NOW);
		fulfillment.executionStarted("arn:aws:states:us-east-1:123456789012:execution:fulfillment:" + orderId);
		Shipment apparel = new Shipment(orderId, "alice", "apparel",
				List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), NOW);
		Shipment central = new Shipment(orderId, "alice", "central",
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), NOW);
		RecordingWarehouse warehouse = new RecordingWarehouse();
		apparel.pick(warehouse);
		Instant done = Instant.parse("2026-11-30T10:00:00Z");
		given(fulfillments.findById(orderId)).willReturn(Optional.of(fulfillment));
		given(shipments.findByOrderIdOrderByWarehouse(orderId)).willReturn(List.of(apparel, central));
		given(ledger.steps(orderId)).willReturn(List.of(
				new TaskLedger.StepState("ValidateOrder", null, "SUCCEEDED", 1, null, done),
				new TaskLedger.StepState("Pick", apparel.getId(), "SUCCEEDED", 1, null, done),
				new TaskLedger.StepState("Pick", central.getId(), "FAILED", 2, "Warehouse.Unavailable", done)));

		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"id": "%s", "orderId": "%s", "customerId": "alice", "warehouse": "apparel", "status": "PICKED",
					  "executionArn": null, "fulfillmentStatus": "RUNNING",
					  "items": [{"sku": "SC-TSHIRT-001", "quantity": 2}],
					  "steps": [{"step": "ValidateOrder", "status": "SUCCEEDED"},
					            {"step": "Pick", "shipmentId": "%s", "status": "SUCCEEDED", "attempts": 1}]},
					 {"id": "%s", "warehouse": "central", "status": "PICKING", "trackingNumber": null,
					  "steps": [{"step": "ValidateOrder"},
					            {"step": "Pick", "status": "FAILED", "attempts": 2, "error": "Warehouse.Unavailable"}]}]
					""".formatted(apparel.getId(), orderId, apparel.getId(), central.getId()));
	}

	@Test
	void anotherCustomersOrderListsNothingAsAnOrderWithoutFulfillment() {
		UUID orderId = givenAnOrderOfBob();

		// The same answer as answersAnEmptyListForAnOrderWithoutFulfillment: a 404 would tell that bob's exists.
		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
		then(ledger).shouldHaveNoInteractions();
	}

	@Test
	@WithMockUser(username = "ops", roles = "ADMIN")
	void showsAnAdminAnyCustomersShipmentsWithTheExecutionsArn() {
		UUID orderId = givenAnOrderOfBob();

		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"customerId": "bob", "warehouse": "central", "items": [{"sku": "SC-MUG-002", "quantity": 1}],
					  "executionArn": "arn:aws:states:us-east-1:123456789012:execution:fulfillment:%s"}]
					""".formatted(orderId));
	}

	@Test
	void answersAnEmptyListForAnOrderWithoutFulfillment() {
		UUID orderId = UUID.randomUUID();
		given(fulfillments.findById(orderId)).willReturn(Optional.empty());

		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	void rejectsAnOrderIdThatIsNotAUuidWithAProblem() {
		assertThat(mvc.get().uri("/api/shipments?orderId=42")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "https://securecart.example/problems/validation", "status": 400, "title": "Invalid request",
					 "instance": "/api/shipments", "errors": [{"field": "orderId", "message": "must be a valid UUID"}]}
					""");
	}

	@Test
	void requiresAnOrderId() {
		assertThat(mvc.get().uri("/api/shipments")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("orderId");
	}

	/** An order of bob's, its mug in one shipment from the central warehouse. */
	private UUID givenAnOrderOfBob() {
		UUID orderId = UUID.randomUUID();
		List<OrderLine> lines = List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50")));
		OrderFulfillment fulfillment = new OrderFulfillment(orderId, "bob", lines, NOW);
		fulfillment.executionStarted("arn:aws:states:us-east-1:123456789012:execution:fulfillment:" + orderId);
		given(fulfillments.findById(orderId)).willReturn(Optional.of(fulfillment));
		given(shipments.findByOrderIdOrderByWarehouse(orderId))
			.willReturn(List.of(new Shipment(orderId, "bob", "central", lines, NOW)));
		return orderId;
	}
}
