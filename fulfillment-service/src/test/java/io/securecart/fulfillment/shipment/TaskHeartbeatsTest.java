package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.awspring.cloud.sqs.listener.Visibility;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatResponse;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * A step that works longer than its message's visibility timeout (a slow warehouse) keeps the message invisible
 * with each heartbeat, so SQS does not deliver it again while it works. The whole workflow:
 * {@code FulfillmentWorkflowIT}.
 */
class TaskHeartbeatsTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SfnClient sfn = mock();

	private final Visibility visibility = mock();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));

	/** Heartbeats every 50 ms: a step that outlasts three of them stands for one that outlasts the 30-s timeout. */
	private final TaskHeartbeats heartbeats = new TaskHeartbeats(sfn,
			new FulfillmentProperties("fulfillment", Map.of(), "central", Duration.ofMillis(50), Duration.ofMinutes(10),
					2, Duration.ofMinutes(5)),
			clock);

	private static WorkflowTask pick() {
		return pick("token");
	}

	private static WorkflowTask pick(String taskToken) {
		return JSON.readValue(JSON.writeValueAsString(Map.of("step", "Pick", "input",
				Map.of("orderId", UUID.randomUUID().toString(), "shipmentId", UUID.randomUUID().toString()),
				"taskToken", taskToken, "attempt", 0)), WorkflowTask.class);
	}

	@AfterEach
	void stopHeartbeats() {
		heartbeats.destroy();
	}

	@Test
	void aVisibilityChangeThatFailsStopsNeitherTheHeartbeatsNorTheNextChanges() {
		CountDownLatch attempts = new CountDownLatch(3);
		given(visibility.changeToAsync(anyInt())).willAnswer(invocation -> {
			attempts.countDown();
			throw new IllegalStateException("no receipt handle");
		});
		heartbeats.whileWorking(pick(), visibility, () -> {
			assertThat(awaited(attempts)).as("tried again at each heartbeat").isTrue();
			return new TaskOutcome.Succeeded("{}");
		});

		verify(sfn, atLeast(2)).sendTaskHeartbeat(any(Consumer.class));
	}

	@Test
	void aStepLongerThanTheVisibilityTimeoutKeepsItsMessageInvisibleWhileItWorks() {
		CountDownLatch keptInvisible = new CountDownLatch(3);
		given(visibility.changeToAsync(anyInt())).willAnswer(invocation -> {
			keptInvisible.countDown();
			return CompletableFuture.completedFuture(null);
		});
		TaskOutcome done = new TaskOutcome.Succeeded("{\"picked\": true}");

		TaskOutcome outcome = heartbeats.whileWorking(pick(), visibility, () -> {
			// The warehouse is still at work while the heartbeats go out.
			assertThat(awaited(keptInvisible)).as("kept invisible while working").isTrue();
			return done;
		});

		assertThat(outcome).isSameAs(done);
		verify(visibility, atLeast(3)).changeToAsync((int) TaskHeartbeats.MIN_INVISIBLE.toSeconds());
	}

	@Test
	void aHeartbeatStepFunctionsIsSlowToTakeHoldsBackNoOtherTasksHeartbeats() throws Exception {
		CountDownLatch stepFunctionsAnswers = new CountDownLatch(1);
		given(sfn.sendTaskHeartbeat(any(Consumer.class))).willAnswer(invocation -> {
			Consumer<SendTaskHeartbeatRequest.Builder> request = invocation.getArgument(0);
			SendTaskHeartbeatRequest.Builder heartbeat = SendTaskHeartbeatRequest.builder();
			request.accept(heartbeat);
			if ("slow-to-take".equals(heartbeat.build().taskToken())) {
				awaited(stepFunctionsAnswers);
			}
			return SendTaskHeartbeatResponse.builder().build();
		});
		given(visibility.changeToAsync(anyInt())).willReturn(CompletableFuture.completedFuture(null));
		Visibility otherVisibility = mock();
		CountDownLatch otherKeptInvisible = new CountDownLatch(3);
		given(otherVisibility.changeToAsync(anyInt())).willAnswer(invocation -> {
			otherKeptInvisible.countDown();
			return CompletableFuture.completedFuture(null);
		});
		CountDownLatch slowStepDone = new CountDownLatch(1);
		CompletableFuture<TaskOutcome> slowStep = CompletableFuture.supplyAsync(() -> heartbeats
			.whileWorking(pick("slow-to-take"), visibility, () -> {
				awaited(slowStepDone);
				return new TaskOutcome.Succeeded("{}");
			}));
		try {
			verify(sfn, timeout(5_000)).sendTaskHeartbeat(any(Consumer.class));

			heartbeats.whileWorking(pick("other"), otherVisibility, () -> {
				assertThat(awaited(otherKeptInvisible)).as("the other task's message kept invisible meanwhile").isTrue();
				return new TaskOutcome.Succeeded("{}");
			});
		}
		finally {
			stepFunctionsAnswers.countDown();
			slowStepDone.countDown();
		}
		assertThat(slowStep.get(10, TimeUnit.SECONDS)).isInstanceOf(TaskOutcome.Succeeded.class);
	}

	@Test
	void aMessageTakenWithinAHeartbeatIntervalOfItsSendingIsAwaitedWithoutAsking() {
		assertThat(heartbeats.stillAwaited(pick(), clock.instant().minusMillis(30))).isTrue();

		verifyNoInteractions(sfn);
	}

	@Test
	void aMessageThatWaitedLongerIsAskedAboutAndItsTaskKeptAliveForTheStep() {
		assertThat(heartbeats.stillAwaited(pick(), clock.instant().minusSeconds(90))).isTrue();

		verify(sfn).sendTaskHeartbeat(any(Consumer.class));
	}

	@Test
	void aTaskThatTimedOutWhileItsMessageWaitedIsNotDone() {
		given(sfn.sendTaskHeartbeat(any(Consumer.class)))
			.willThrow(TaskTimedOutException.builder().message("Task Timed Out").build());

		assertThat(heartbeats.stillAwaited(pick(), clock.instant().minusSeconds(90))).isFalse();
	}

	@Test
	void aTaskStepFunctionsCannotTellAboutIsDoneItsAnswerWillTell() {
		given(sfn.sendTaskHeartbeat(any(Consumer.class))).willThrow(SdkClientException.create("timed out"));

		assertThat(heartbeats.stillAwaited(pick(), clock.instant().minusSeconds(90))).isTrue();
		assertThat(heartbeats.stillAwaited(pick(), null)).as("no sent timestamp: taken as awaited").isTrue();
	}

	private static boolean awaited(CountDownLatch latch) {
		try {
			return latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
