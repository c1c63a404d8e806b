package io.securecart.fulfillment.shipment;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The moving mean of how long a step holds a worker: what admission reckons the workers' capacity from. */
class StepDurationsTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final StepDurations durations = new StepDurations(meters);

	@Test
	void knowsNothingBeforeTheFirstStep() {
		assertThat(durations.mean()).isEmpty();
		assertThat(meters.get("securecart.fulfillment.step.duration").timeGauge().value()).isNaN();
	}

	@Test
	void theFirstStepIsTheMeanAndEachLaterOneMovesItByAFifth() {
		durations.record(Duration.ofSeconds(10));
		assertThat(durations.mean()).contains(Duration.ofSeconds(10));

		durations.record(Duration.ofSeconds(20));

		assertThat(durations.mean()).contains(Duration.ofSeconds(12));
		assertThat(meters.get("securecart.fulfillment.step.duration").timeGauge().value()).isEqualTo(12);
	}

	@Test
	void followsAWarehouseThatSlowsDownAndOneThatRecoversWithinAFewSteps() {
		durations.record(Duration.ofMillis(200));
		for (int step = 0; step < 10; step++) {
			durations.record(Duration.ofSeconds(30));
		}
		assertThat(durations.mean().orElseThrow().toMillis()).as("about nine tenths of the way there")
			.isBetween(26_000L, 30_000L);

		for (int step = 0; step < 20; step++) {
			durations.record(Duration.ofMillis(200));
		}
		assertThat(durations.mean().orElseThrow().toMillis()).isCloseTo(200, within(400L));
	}

	@Test
	void aStepTheClockWentBackDuringCountsAsNone() {
		durations.record(Duration.ofSeconds(-5));

		assertThat(durations.mean()).contains(Duration.ZERO);
	}
}
