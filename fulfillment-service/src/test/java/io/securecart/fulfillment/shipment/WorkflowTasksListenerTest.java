package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** The worker tells admission how long each task message held it, whatever became of the step. */
class WorkflowTasksListenerTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));

	private final FulfillmentTasks tasks = mock();

	private final TaskHeartbeats heartbeats = mock();

	private final StepDurations durations = new StepDurations(new SimpleMeterRegistry());

	private final WorkflowTasksListener listener = new WorkflowTasksListener(JSON, tasks, heartbeats,
			mock(TaskAnswers.class), durations, clock);

	@BeforeEach
	void heartbeatsLetTheStepRun() {
		given(heartbeats.stillAwaited(any(), any())).willReturn(true);
		given(heartbeats.whileWorking(any(), any(), any()))
			.willAnswer(invocation -> invocation.<Supplier<TaskOutcome>>getArgument(2).get());
	}

	@Test
	void aStepThatHeldTheWorkerHalfAMinuteIsMeasuredSo() {
		given(tasks.perform(any())).willAnswer(invocation -> {
			clock.advance(Duration.ofSeconds(30));
			return new TaskOutcome.Succeeded("{}");
		});

		listener.on(pick(), mock(Visibility.class), null);

		assertThat(durations.mean()).contains(Duration.ofSeconds(30));
	}

	@Test
	void aStepThatFailedHeldTheWorkerToo() {
		given(tasks.perform(any())).willAnswer(invocation -> {
			clock.advance(Duration.ofSeconds(12));
			throw new IllegalStateException("the database went away");
		});

		assertThatThrownBy(() -> listener.on(pick(), mock(Visibility.class), null))
			.isInstanceOf(IllegalStateException.class);

		assertThat(durations.mean()).contains(Duration.ofSeconds(12));
	}

	private static String pick() {
		return JSON.writeValueAsString(Map.of("step", "Pick", "input",
				Map.of("orderId", UUID.randomUUID().toString(), "shipmentId", UUID.randomUUID().toString()),
				"taskToken", "token", "attempt", 0));
	}
}
