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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The worker tells admission how long each step held it, whatever became of the step; a message that did no step (a
 * stale task let go, an answer from the ledger) is not a step's time.
 */
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
			.willAnswer(invocation -> invocation.<Supplier<?>>getArgument(2).get());
	}

	@Test
	void aStepThatHeldTheWorkerHalfAMinuteIsMeasuredSo() {
		stepsTake(Duration.ofSeconds(30));

		listener.on(pick(), mock(Visibility.class), null);

		assertThat(durations.mean()).contains(Duration.ofSeconds(30));
	}

	@Test
	void aStaleTaskLetGoAfterOneHeartbeatIsNoStepAndLeavesTheMeanAlone() {
		stepsTake(Duration.ofSeconds(30));
		listener.on(pick(), mock(Visibility.class), null);
		given(heartbeats.stillAwaited(any(), any())).willAnswer(asking -> {
			clock.advance(Duration.ofMillis(50)); // one SendTaskHeartbeat, answered TaskTimedOut
			return false;
		});

		listener.on(pick(), mock(Visibility.class), sentMinutesAgo());

		assertThat(durations.mean()).as("a stale task let go in 50 ms would bring it to 24 s")
			.contains(Duration.ofSeconds(30));
		verify(tasks, times(1)).perform(any());
	}

	@Test
	void anAnswerFromTheLedgerIsNoStepAndLeavesTheMeanAlone() {
		stepsTake(Duration.ofSeconds(30));
		listener.on(pick(), mock(Visibility.class), null);
		given(tasks.perform(any())).willAnswer(invocation -> {
			clock.advance(Duration.ofMillis(5));
			return FulfillmentTasks.Performed.answeredBefore(new TaskOutcome.Succeeded("{}"));
		});

		listener.on(pick(), mock(Visibility.class), null);

		assertThat(durations.mean()).contains(Duration.ofSeconds(30));
	}

	@Test
	void aMessageThatCannotBeReadIsNoStep() {
		assertThatThrownBy(() -> listener.on("not a task", mock(Visibility.class), null))
			.isInstanceOf(JacksonException.class);

		assertThat(durations.mean()).isEmpty();
	}

	@Test
	void theHeartbeatAskedBeforeAStepIsPartOfItsTime() {
		given(heartbeats.stillAwaited(any(), any())).willAnswer(asking -> {
			clock.advance(Duration.ofMillis(50));
			return true;
		});
		stepsTake(Duration.ofSeconds(30));

		listener.on(pick(), mock(Visibility.class), sentMinutesAgo());

		assertThat(durations.mean()).contains(Duration.ofMillis(30_050));
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

	private void stepsTake(Duration duration) {
		given(tasks.perform(any())).willAnswer(invocation -> {
			clock.advance(duration);
			return FulfillmentTasks.Performed.done(new TaskOutcome.Succeeded("{}"));
		});
	}

	private String sentMinutesAgo() {
		return String.valueOf(clock.instant().minus(Duration.ofMinutes(2)).toEpochMilli());
	}

	private static String pick() {
		return JSON.writeValueAsString(Map.of("step", "Pick", "input",
				Map.of("orderId", UUID.randomUUID().toString(), "shipmentId", UUID.randomUUID().toString()),
				"taskToken", "token", "attempt", 0));
	}
}
