package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import org.springframework.stereotype.Component;

/**
 * How long a step holds a worker of this instance, as a moving mean over the recent steps: the service time that,
 * with the workers and the machine's heartbeat, says how many executions the workers can serve
 * ({@link FulfillmentAdmission#limit}). Only messages that did their step count ({@link WorkflowTasksListener}): the
 * warehouse's, or the database's for ValidateOrder and CancelShipments, from when the message was taken to its answer.
 * <p>
 * Not a stale task let go (one {@code SendTaskHeartbeat}, about 50 ms) nor an answer from the ledger (no warehouse
 * call). Each is an extra copy of a step that is measured once, when its work is done: the stale task's retry comes
 * as a message of its own and is measured when it runs; the replayed step was measured when it was done. The copy
 * delays the steps behind it by a moment only. Counted, copies would pass for very fast steps and raise the bound
 * exactly when it must fall: stale tasks are what an overloaded queue fills with. With 30-s steps and 37 % of the
 * messages stale, the mean would be about 19 s and the bound about 31 executions instead of 20; the more overload,
 * the more stale tasks, the higher the bound.
 * <p>
 * A moving mean, not the listener's processing timer ({@code securecart.listener.processing}), whose mean runs over
 * the process's life: a warehouse that slows down must lower the bound within a few steps, and one that recovers raise
 * it again. Each step weighs a fifth, so ten steps of a new duration leave the old one about a tenth of the mean
 * (0.8<sup>10</sup>). One very long step (a hung call) lowers the bound at once and is forgotten as fast: the safe
 * side.
 * The gauge {@code securecart.fulfillment.step.duration} shows the mean, NaN until a step was done.
 */
@Component
class StepDurations {

	/** The weight of the newest step is 1 / {@value}. */
	static final int NEWEST_STEP_SHARE = 5;

	private static final long NONE = -1;

	private final AtomicLong meanNanos = new AtomicLong(NONE);

	StepDurations(MeterRegistry meters) {
		TimeGauge.builder("securecart.fulfillment.step.duration", this, TimeUnit.NANOSECONDS,
				StepDurations::meanNanosOrNaN)
			.description("How long a step holds a fulfilment worker of this instance, moving mean")
			.register(meters);
	}

	/** A step held a worker this long. */
	void record(Duration held) {
		long sample = Math.max(0, held.toNanos()); // negative: the clock was set back meanwhile
		meanNanos.accumulateAndGet(sample,
				(mean, newest) -> mean == NONE ? newest : mean + (newest - mean) / NEWEST_STEP_SHARE);
	}

	/** The moving mean; empty until a step was done here. */
	Optional<Duration> mean() {
		long mean = meanNanos.get();
		return mean == NONE ? Optional.empty() : Optional.of(Duration.ofNanos(mean));
	}

	private double meanNanosOrNaN() {
		long mean = meanNanos.get();
		return mean == NONE ? Double.NaN : mean;
	}
}
