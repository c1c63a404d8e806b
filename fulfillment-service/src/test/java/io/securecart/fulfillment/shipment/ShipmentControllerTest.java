package io.securecart.fulfillment.shipment;

import io.securecart.fulfillment.security.FulfillmentSecurityConfiguration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
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

@WebMvcTest(ShipmentController.class)
@Import(FulfillmentSecurityConfiguration.class)
@WithMockUser(username = "alice", roles = "CUSTOMER")
class ShipmentControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ShipmentRepository shipments;

	@Test
	void showsTheOrdersShipment() {
		UUID orderId = UUID.randomUUID();
		Shipment shipment = new Shipment(orderId, "alice", List.of(new OrderLine("SC-TSHIRT-001", 2,
				Money.of("19.99")), new OrderLine("SC-MUG-002", 1, Money.of("12.50"))));
		RecordingWarehouse warehouse = new RecordingWarehouse();
		shipment.pick(warehouse);
		shipment.pack(warehouse);
		shipment.ship(warehouse);
		given(shipments.findByOrderId(orderId)).willReturn(Optional.of(shipment));

		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					[{"id": "%s", "orderId": "%s", "customerId": "alice", "status": "SHIPPED",
					  "trackingNumber": "%s",
					  "items": [{"sku": "SC-TSHIRT-001", "quantity": 2}, {"sku": "SC-MUG-002", "quantity": 1}],
					  "createdAt": "%s", "shippedAt": "%s"}]
					""".formatted(shipment.getId(), orderId, shipment.getTrackingNumber(), shipment.getCreatedAt(),
					shipment.getShippedAt()));
	}

	@Test
	@WithMockUser(username = "bob", roles = "CUSTOMER")
	void showsAShipmentUnderWayWithoutTrackingNumber() {
		UUID orderId = UUID.randomUUID();
		Shipment shipment = new Shipment(orderId, "bob", List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))));
		shipment.pick(new RecordingWarehouse());
		given(shipments.findByOrderId(orderId)).willReturn(Optional.of(shipment));

		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"status": "PICKED", "trackingNumber": null, "shippedAt": null}]
					""");
	}

	@Test
	void anotherCustomersShipmentIsNotFound() {
		UUID orderId = UUID.randomUUID();
		given(shipments.findByOrderId(orderId)).willReturn(Optional
			.of(new Shipment(orderId, "bob", List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))))));

		assertThat(mvc.get().uri("/api/shipments?orderId={orderId}", orderId)).hasStatus(404)
			.hasContentType("application/problem+json")
			.bodyText()
			.doesNotContain("SC-MUG-002");
	}

	@Test
	void answersAnEmptyListForAnOrderWithoutShipment() {
		UUID orderId = UUID.randomUUID();
		given(shipments.findByOrderId(orderId)).willReturn(Optional.empty());

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
}
