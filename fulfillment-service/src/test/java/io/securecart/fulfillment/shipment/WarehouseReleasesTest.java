package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;

import static io.securecart.fulfillment.shipment.FulfillmentFixtures.aMug;
import static io.securecart.fulfillment.shipment.FulfillmentFixtures.failed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** The compensation's word to the warehouse: once, only for a failed order, and left to the sweep when it fails. */
class WarehouseReleasesTest {

	private static final Instant NOW = Instant.parse("2026-12-05T23:00:00Z");

	private final OrderFulfillmentRepository fulfillments = mock();

	private final ShipmentRepository shipments = mock();

	private final Warehouse warehouse = mock();

	private final FulfillmentProperties properties = new FulfillmentProperties("fulfillment", Map.of(), "central",
			Duration.ofSeconds(20), Duration.ofSeconds(10), 32, Duration.ofMinutes(5));

	private final WarehouseReleases releases = new WarehouseReleases(fulfillments, shipments, warehouse, properties,
			Clock.fixed(NOW, ZoneOffset.UTC), mock(PlatformTransactionManager.class), Runnable::run);

	@Test
	void releasesAFailedOrdersParcelsAndRecordsIt() {
		OrderFulfillment failed = failed(NOW);
		List<Shipment> parcels = List.of(new Shipment(failed.getOrderId(), "alice", "central", aMug(), NOW));
		given(fulfillments.findById(failed.getOrderId())).willReturn(Optional.of(failed));
		given(shipments.findByOrderIdOrderByWarehouse(failed.getOrderId())).willReturn(parcels);

		assertThat(releases.release(failed.getOrderId())).isTrue();

		verify(warehouse).release(failed.getOrderId(), parcels);
		assertThat(failed.getWarehouseReleasedAt()).isEqualTo(NOW);
		verify(fulfillments).saveProgress(failed);
	}

	@Test
	void asksTheWarehouseNothingForAnOrderReleasedOrNotFailed() {
		OrderFulfillment released = failed(NOW);
		released.warehouseReleased(NOW);
		OrderFulfillment running = new OrderFulfillment(UUID.randomUUID(), "alice", aMug(), NOW);
		given(fulfillments.findById(released.getOrderId())).willReturn(Optional.of(released));
		given(fulfillments.findById(running.getOrderId())).willReturn(Optional.of(running));

		assertThat(releases.release(released.getOrderId())).isFalse();
		assertThat(releases.release(running.getOrderId())).isFalse();

		verify(warehouse, never()).release(any(), any());
		verify(fulfillments, never()).saveProgress(any());
	}

	@Test
	void aWarehouseThatFailsAfterTheCompensationLeavesTheReleaseOwedForTheSweep() {
		OrderFulfillment failed = failed(NOW);
		given(fulfillments.findById(failed.getOrderId())).willReturn(Optional.of(failed));
		given(shipments.findByOrderIdOrderByWarehouse(failed.getOrderId()))
			.willReturn(List.of(new Shipment(failed.getOrderId(), "alice", "central", aMug(), NOW)));
		willThrow(new IllegalStateException("warehouse down")).given(warehouse).release(any(), any());

		releases.afterCompensation(failed.getOrderId());

		assertThat(failed.owesWarehouseRelease()).isTrue();
		verify(fulfillments, never()).saveProgress(any());
		verify(fulfillments).owedWorkFailed(failed.getOrderId(), NOW);
	}

	@Test
	void theSweepReleasesOnlyOrdersFailedLongerThanReconcileAfterAgo() {
		OrderFulfillment failed = failed(NOW);
		List<Shipment> parcels = List.of(new Shipment(failed.getOrderId(), "alice", "central", aMug(), NOW));
		given(fulfillments.findOwingWarehouseRelease(NOW.minus(Duration.ofMinutes(5))))
			.willReturn(List.of(failed.getOrderId()));
		given(fulfillments.findById(failed.getOrderId())).willReturn(Optional.of(failed));
		given(shipments.findByOrderIdOrderByWarehouse(failed.getOrderId())).willReturn(parcels);

		releases.releaseOwed();

		verify(warehouse).release(failed.getOrderId(), parcels);
		assertThat(failed.owesWarehouseRelease()).isFalse();
	}

	@Test
	void anOrderThatFailedBeforeItHadAParcelIsReleasedWithoutAskingTheWarehouse() {
		OrderFulfillment failed = failed(NOW);
		given(fulfillments.findById(failed.getOrderId())).willReturn(Optional.of(failed));
		given(shipments.findByOrderIdOrderByWarehouse(failed.getOrderId())).willReturn(List.of());

		assertThat(releases.release(failed.getOrderId())).isTrue();

		verify(warehouse, never()).release(any(), any());
		verify(fulfillments).saveProgress(failed);
	}

	@Test
	void aReleaseRecordedMeanwhileByAnotherInstanceIsNoErrorAndAnyOtherChangeIs() {
		OrderFulfillment failed = failed(NOW);
		OrderFulfillment releasedMeanwhile = failed(NOW);
		releasedMeanwhile.warehouseReleased(NOW);
		OrderFulfillment changedOtherwise = failed(NOW);
		given(shipments.findByOrderIdOrderByWarehouse(any()))
			.willReturn(List.of(new Shipment(failed.getOrderId(), "alice", "central", aMug(), NOW)));
		willThrow(new OptimisticLockingFailureException("changed since it was read")).given(fulfillments)
			.saveProgress(any());

		given(fulfillments.findById(failed.getOrderId())).willReturn(Optional.of(failed),
				Optional.of(releasedMeanwhile));
		assertThat(releases.release(failed.getOrderId())).isFalse();

		OrderFulfillment again = failed(NOW);
		given(fulfillments.findById(again.getOrderId())).willReturn(Optional.of(again), Optional.of(changedOtherwise));
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> releases.release(again.getOrderId()));
	}
}
