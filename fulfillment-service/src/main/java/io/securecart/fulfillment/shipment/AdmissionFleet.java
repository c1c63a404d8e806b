package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The instances of this service admitting fulfilments to one state machine: this one, with its task workers and step
 * time as they are now, and the others as the admission last read their leases ({@link WorkerLeases}). Step Functions'
 * count and the task queue's steps are every instance's, so the bounds reckon with every instance's workers, and each
 * instance admits only its {@link #share} of the room, so that together they never admit more than the room.
 *
 * @param self this instance
 * @param ownWorkers this instance's task workers; 0 until its task listener was found (the admission then admits none)
 * @param ownStep this instance's measured step time; null before it measured one
 * @param others the other instances whose lease ran at the admission's last round
 */
record AdmissionFleet(UUID self, int ownWorkers, @Nullable Duration ownStep, List<WorkerLease> others) {

	private boolean alone() {
		return ownWorkers < 1 || others.isEmpty();
	}

	/** How many instances admit, this one included. */
	int instances() {
		return ownWorkers < 1 ? 1 : 1 + others.size();
	}

	/** Every instance's task workers; 0 while this one's are not known (the bounds are then {@code max-in-flight}). */
	int workers() {
		if (ownWorkers < 1) {
			return 0;
		}
		return ownWorkers + others.stream().mapToInt(WorkerLease::workers).sum();
	}

	/**
	 * How long a step holds a worker, over every instance that measured one: what their workers take together (each
	 * instance's workers ÷ its step time) is what their sum takes at this time a step, the mean of their step times
	 * weighted by their workers, harmonic. One measure alone is that measure. An instance that measured none yet
	 * reckons with the others' (a second instance started into a slow warehouse knows it is slow); null while no
	 * instance measured any, or this one's workers are not known.
	 */
	@Nullable Duration step() {
		if (alone()) {
			return ownWorkers < 1 ? null : measured(ownStep);
		}
		double stepsPerNano = 0;
		long measuredWorkers = 0;
		@Nullable Duration only = null;
		boolean oneStepTime = true;
		for (WorkerLease instance : all()) {
			Duration step = measured(instance.step());
			if (step == null) {
				continue;
			}
			oneStepTime &= only == null || only.equals(step);
			only = step;
			stepsPerNano += (double) instance.workers() / step.toNanos();
			measuredWorkers += instance.workers();
		}
		if (only == null || oneStepTime) {
			return only; // as measured, not through a division that may round it off by a nanosecond
		}
		return Duration.ofNanos(Math.round(measuredWorkers / stepsPerNano));
	}

	/**
	 * This instance's part of {@code free} (executions or waiting steps every instance may still admit, negative when
	 * they are over): its workers' share of every instance's, rounded so that the parts of all the instances, each
	 * reckoned by that instance from the same leases, add up to {@code free} exactly. Ordered by instance, each has the
	 * part between the shares of the workers before it and those up to it, so no remainder is lost to rounding down and
	 * none is given twice. All of it when alone.
	 */
	long share(long free) {
		if (alone()) {
			return free;
		}
		long before = others.stream()
			.filter(other -> other.instance().compareTo(self) < 0)
			.mapToLong(WorkerLease::workers)
			.sum();
		long total = workers();
		return Math.floorDiv(free * (before + ownWorkers), total) - Math.floorDiv(free * before, total);
	}

	private List<WorkerLease> all() {
		List<WorkerLease> all = new ArrayList<>(others);
		all.add(new WorkerLease(self, ownWorkers, ownStep, Instant.MAX));
		return all;
	}

	/** A step time of zero measures nothing (the bounds divide by it). */
	private static @Nullable Duration measured(@Nullable Duration step) {
		return step == null || step.isZero() ? null : step;
	}
}
