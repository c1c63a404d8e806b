package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whom the admission's bounds reckon with, and each instance's part of the room. */
class AdmissionFleetTest {

	private static final Instant RUNS = Instant.parse("2026-12-06T14:00:00Z");

	@Test
	void theSharesOfEveryInstanceAddUpToTheRoomExactlyWhateverTheRoundingAndTheWorkers() {
		for (List<Integer> workers : List.of(List.of(10, 10), List.of(10, 10, 10), List.of(10, 20, 7), List.of(1, 3))) {
			List<AdmissionFleet> fleet = fleetOf(workers, Duration.ofSeconds(30));
			for (long free = -25; free <= 100; free++) {
				long everyShare = 0;
				for (AdmissionFleet instance : fleet) {
					long share = instance.share(free);
					double exact = (double) free * instance.ownWorkers() / instance.workers();
					assertThat((double) share).as("%d of %s", free, workers)
						.isBetween(Math.floor(exact), Math.ceil(exact) + 0.0); // + 0.0: no -0.0, which 0.0 exceeds
					everyShare += share;
				}
				assertThat(everyShare).as("room %d over instances of %s workers", free, workers).isEqualTo(free);
			}
		}
	}

	@Test
	void twoEqualInstancesHalveTheRoomAndTheOddOneGoesToOneOfThem() {
		List<AdmissionFleet> fleet = fleetOf(List.of(10, 10), Duration.ofSeconds(30));

		assertThat(fleet).extracting(instance -> instance.share(10)).containsExactlyInAnyOrder(5L, 5L);
		assertThat(fleet).extracting(instance -> instance.share(5)).containsExactlyInAnyOrder(2L, 3L);
		assertThat(fleet).extracting(instance -> instance.share(1)).containsExactlyInAnyOrder(0L, 1L);
		assertThat(fleet).extracting(AdmissionFleet::workers).containsOnly(20);
		assertThat(fleet).extracting(AdmissionFleet::instances).containsOnly(2);
	}

	@Test
	void aloneOrBeforeItsWorkersAreKnownAnInstanceHasTheWholeRoom() {
		UUID self = UUID.randomUUID();
		AdmissionFleet alone = new AdmissionFleet(self, 10, Duration.ofSeconds(30), List.of());
		AdmissionFleet unknownWorkers = new AdmissionFleet(self, 0, Duration.ofSeconds(30),
				List.of(new WorkerLease(UUID.randomUUID(), 10, Duration.ofSeconds(30), RUNS)));

		assertThat(alone.share(7)).isEqualTo(7);
		assertThat(alone.share(-3)).isEqualTo(-3);
		assertThat(alone.workers()).isEqualTo(10);
		assertThat(alone.step()).isEqualTo(Duration.ofSeconds(30));
		assertThat(unknownWorkers.share(7)).isEqualTo(7);
		assertThat(unknownWorkers.workers()).as("the bounds are max-in-flight then").isZero();
		assertThat(unknownWorkers.instances()).isOne();
		assertThat(unknownWorkers.step()).isNull();
	}

	@Test
	void theStepTimeIsWhatEveryInstancesWorkersTakeTogether() {
		UUID self = UUID.randomUUID();
		AdmissionFleet fleet = new AdmissionFleet(self, 10, Duration.ofSeconds(30),
				List.of(new WorkerLease(UUID.randomUUID(), 10, Duration.ofSeconds(60), RUNS)));

		assertThat(fleet.step()).as("10 ÷ 30 s + 10 ÷ 60 s = 20 ÷ 40 s").isEqualTo(Duration.ofSeconds(40));
		assertThat(FulfillmentAdmission.limit(64, fleet.workers(), Duration.ofSeconds(60), fleet.step()))
			.as("20 + 10 executions, as each instance's workers serve").isEqualTo(30);
	}

	@Test
	void anInstanceThatMeasuredNoStepYetReckonsWithTheOthersAndNoneMeasuredIsNoMeasure() {
		UUID self = UUID.randomUUID();
		AdmissionFleet started = new AdmissionFleet(self, 10, null,
				List.of(new WorkerLease(UUID.randomUUID(), 10, Duration.ofSeconds(30), RUNS)));
		AdmissionFleet noneMeasured = new AdmissionFleet(self, 10, Duration.ZERO,
				List.of(new WorkerLease(UUID.randomUUID(), 10, null, RUNS)));

		assertThat(started.step()).isEqualTo(Duration.ofSeconds(30));
		assertThat(FulfillmentAdmission.limit(64, started.workers(), Duration.ofSeconds(60), started.step()))
			.isEqualTo(40);
		assertThat(noneMeasured.step()).isNull();
	}

	/** Each instance's view of the same instances, as it reads the others' leases. */
	private static List<AdmissionFleet> fleetOf(List<Integer> workers, Duration step) {
		List<WorkerLease> leases = new ArrayList<>();
		for (int workersOfOne : workers) {
			leases.add(new WorkerLease(UUID.randomUUID(), workersOfOne, step, RUNS));
		}
		return leases.stream()
			.map(own -> new AdmissionFleet(own.instance(), own.workers(), step,
					leases.stream().filter(other -> other != own).toList()))
			.toList();
	}
}
