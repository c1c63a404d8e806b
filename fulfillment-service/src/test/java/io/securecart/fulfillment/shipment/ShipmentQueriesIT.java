package io.securecart.fulfillment.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries against the real PostgreSQL: an order's parcels by warehouse, lines fetched (most workflow tasks run it);
 * the sweeps' lines of owed work.
 */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
class ShipmentQueriesIT {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	@Autowired
	ShipmentRepository shipments;

	@Autowired
	OrderFulfillmentRepository fulfillments;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void theOrdersParcelsComeByWarehouseWithTheirLinesReadableAfterTheTransaction() {
		UUID orderId = UUID.randomUUID();
		List<OrderLine> lines = List.of(new OrderLine("SC-MUG-002", 2, Money.of("12.50")),
				new OrderLine("SC-TEE-001", 1, Money.of("20.00")));
		transaction.executeWithoutResult(status -> {
			shipments.save(new Shipment(orderId, "customer-" + orderId, "east", lines.subList(0, 1), NOW));
			shipments.save(new Shipment(orderId, "customer-" + orderId, "central", lines, NOW));
		});

		List<Shipment> parcels = transaction.execute(status -> shipments.findByOrderIdOrderByWarehouse(orderId));

		// One entry per parcel, however many lines; each came with its lines, still there after the transaction.
		assertThat(parcels).extracting(Shipment::getWarehouse).containsExactly("central", "east");
		assertThat(parcels).extracting(parcel -> parcel.getLines().size()).containsExactly(2, 1);
	}

	@Test
	void aFailedOrderWhoseReleaseWasJustTriedWaitsItsTurnAgainBehindTheOthersOwingOne() {
		// Failed in the future, past the cut-off of the service's own sweep, which would release them meanwhile.
		Instant failedAt = Instant.parse("2099-01-01T00:00:00Z");
		UUID first = failedOrder(failedAt);
		UUID second = failedOrder(failedAt.plusSeconds(60));
		assertThat(fulfillments.findOwingWarehouseRelease(failedAt.plusSeconds(3600))).containsSubsequence(first,
				second);

		fulfillments.owedWorkAttempted(first, failedAt.plusSeconds(120));

		assertThat(fulfillments.findOwingWarehouseRelease(failedAt.plusSeconds(90))).contains(second)
			.doesNotContain(first);
		assertThat(fulfillments.findOwingWarehouseRelease(failedAt.plusSeconds(3600))).containsSubsequence(second,
				first);
	}

	private UUID failedOrder(Instant failedAt) {
		OrderFulfillment fulfillment = new OrderFulfillment(UUID.randomUUID(), "alice",
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), failedAt);
		fulfillment.executionStarted("arn:aws:states:us-east-1:000000000000:execution:fulfillment:it");
		fulfillment.failed("Fulfillment.ItemDamaged", "a mug broke", failedAt);
		return fulfillments.save(fulfillment).getOrderId();
	}
}
