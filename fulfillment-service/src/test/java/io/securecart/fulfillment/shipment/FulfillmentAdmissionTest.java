package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.ContextClosedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** How much room the StockReserved listener gets, when Step Functions is asked, and when another execution may start. */
class FulfillmentAdmissionTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final FulfillmentStateMachine stateMachine = mock();

	private final MessageListenerContainerRegistry containers = mock();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T19:00:00Z"));

	private final Clock clock = mock();

	private final StepDurations stepDurations = new StepDurations(meters);

	private final WaitingSteps waitingSteps = mock();

	private final FulfillmentAdmission admission = admission(3, meters);

	@BeforeEach
	void listenersRun() {
		given(containers.isRunning()).willReturn(true);
		given(clock.instant()).willAnswer(invocation -> now.get());
		// An admission admits nothing before it tried to renew its lease with its workers known.
		willReturn(taskListenerWith(10)).given(containers).getContainerById(WorkflowTasksListener.ID);
	}

	@Test
	void theListenerMayTakeAsManyOrdersAsTheMostLessThoseRunning() {
		given(stateMachine.runningExecutions()).willReturn(2L);

		admission.admit();

		assertThat(admission.room()).isOne();
		assertThat(meters.get("securecart.fulfillment.in.flight").gauge().value()).isEqualTo(2);
	}

	@Test
	void atTheMostRunningTheListenerMayTakeNone() {
		given(stateMachine.runningExecutions()).willReturn(3L, 5L);

		admission.admit();
		assertThat(admission.room()).isZero();

		second();
		admission.admit();
		assertThat(admission.room()).as("more than the most: other instances, or a lower bound since").isZero();
	}

	@Test
	void theListenerMayTakeOrdersAgainOnceACountFindsOneFinished() {
		given(stateMachine.runningExecutions()).willReturn(3L, 2L);
		admission.admit();

		second();
		admission.admit();

		assertThat(admission.room()).isOne();
	}

	@Test
	void executionsStartedSinceTheCountTakeRoomUntilTheNextCount() {
		given(stateMachine.runningExecutions()).willReturn(1L, 3L);
		admission.admit();

		assertThat(admission.mayStartAnother()).isTrue();
		admission.startAnswered();

		assertThat(admission.room()).isOne();
		second();
		admission.admit();
		assertThat(admission.room()).as("the count now includes it").isZero();
	}

	@Test
	void aStartStillUnderWayWhenStepFunctionsCountsKeepsItsRoom() {
		given(stateMachine.runningExecutions()).willReturn(1L, 1L, 2L);
		admission.admit();
		assertThat(admission.mayStartAnother()).isTrue();

		second();
		admission.admit();
		assertThat(admission.room()).as("StartExecution has not answered: the count cannot include it").isOne();

		admission.startAnswered();
		second();
		admission.admit();
		assertThat(admission.room()).as("counted now, and only once").isOne();
	}

	@Test
	void aStartAnsweredWhileStepFunctionsCountsIsNotLostWhenTheCountMissesIt() {
		given(stateMachine.runningExecutions()).willReturn(1L).willAnswer(counting -> {
			admission.startAnswered(); // answered while the count was being made, and not in it
			return 1L;
		});
		admission.admit();
		assertThat(admission.mayStartAnother()).isTrue();

		second();
		admission.admit();

		assertThat(admission.room()).isOne();
	}

	@Test
	void anExecutionThatEndsHereFreesItsRoomBeforeTheNextCount() {
		given(stateMachine.runningExecutions()).willReturn(3L, 2L);
		admission.admit();
		assertThat(admission.mayStartAnother()).isFalse();

		admission.executionEnded();

		assertThat(admission.room()).isOne();
		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.room()).isZero();
		admission.startAnswered();
		second();
		admission.admit();
		assertThat(admission.room()).as("the count no longer includes the one that ended").isOne();
	}

	@Test
	void theGateInFrontOfTheListenerIsStockReservedsAndGrantsTheRoom() throws InterruptedException {
		given(stateMachine.runningExecutions()).willReturn(1L);
		admission.admit();

		assertThat(admission.gate().listenerId()).isEqualTo(StockReservedListener.ID);
		assertThat(admission.gate().request(10)).isEqualTo(2);
	}

	@Test
	void startsAnotherExecutionOnlyWhileTheCountAndTheStartsSinceAreFewerThanTheMost() {
		given(stateMachine.runningExecutions()).willReturn(1L, 3L, 0L);
		admission.admit();

		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.mayStartAnother()).isTrue();
		assertThat(admission.mayStartAnother()).as("1 running and 2 started since the count").isFalse();
		admission.startAnswered();
		admission.startAnswered();

		admission.admit();
		assertThat(admission.mayStartAnother()).as("3 running").isFalse();

		admission.admit();
		assertThat(admission.mayStartAnother()).as("none running any more").isTrue();
	}

	@Test
	void whileNothingRunsAndItStartsNothingItCountsOnlyOnceAQuietInterval() {
		given(stateMachine.runningExecutions()).willReturn(0L);
		admission.admit();
		second();
		admission.admit();
		second();
		admission.admit();
		verify(stateMachine, times(1)).runningExecutions();

		now.set(now.get().plus(FulfillmentAdmission.QUIET_RECOUNT));
		admission.admit();

		verify(stateMachine, times(2)).runningExecutions();
	}

	@Test
	void aQuietInstanceThatStartsOneCountsAtTheNextRound() {
		given(stateMachine.runningExecutions()).willReturn(0L, 1L);
		admission.admit();

		assertThat(admission.mayStartAnother()).isTrue();
		admission.startAnswered();
		second();
		admission.admit();

		verify(stateMachine, times(2)).runningExecutions();
		assertThat(meters.get("securecart.fulfillment.in.flight").gauge().value()).isEqualTo(1);
	}

	@Test
	void keepsCountingEveryRoundWhileExecutionsRunUntilNoneDo() {
		given(stateMachine.runningExecutions()).willReturn(2L, 1L, 0L);
		admission.admit();
		second();
		admission.admit();
		second();
		admission.admit();
		second();
		admission.admit();

		verify(stateMachine, times(3)).runningExecutions();
	}

	private void second() {
		now.set(now.get().plusSeconds(1));
	}

	@Test
	void slowStepsLowerTheMostToWhatTheWorkersServeWithinAHeartbeat() {
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofSeconds(30)))
			.as("10 workers × 60 s ÷ 30 s").isEqualTo(20);
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofSeconds(40))).isEqualTo(15);
	}

	@Test
	void fastStepsRaiseItUpToMaxInFlight() {
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofSeconds(20))).isEqualTo(30);
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofMillis(18_750)))
			.as("the break-even step: 10 × 60 s ÷ 32").isEqualTo(32);
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofMillis(40))).isEqualTo(32);
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofNanos(1))).isEqualTo(32);
	}

	@Test
	void neverFewerThanTheWorkersNorMoreThanMaxInFlight() {
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ofMinutes(5)))
			.as("2 by the formula; 10 executions wait on no worker").isEqualTo(10);
		assertThat(FulfillmentAdmission.limit(2, 10, Duration.ofSeconds(60), Duration.ofMinutes(5))).isEqualTo(2);
		assertThat(FulfillmentAdmission.limit(32, 1, Duration.ofSeconds(3), Duration.ofDays(1))).isOne();
	}

	@Test
	void withoutAMeasureAHeartbeatOrTheWorkersTheMostIsMaxInFlight() {
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), null)).as("no step done yet")
			.isEqualTo(32);
		assertThat(FulfillmentAdmission.limit(32, 10, Duration.ofSeconds(60), Duration.ZERO)).isEqualTo(32);
		assertThat(FulfillmentAdmission.limit(32, 10, null, Duration.ofSeconds(30))).as("no task has a heartbeat")
			.isEqualTo(32);
		assertThat(FulfillmentAdmission.limit(32, 0, Duration.ofSeconds(60), Duration.ofSeconds(30)))
			.as("the task listener's container not found yet").isEqualTo(32);
	}

	@Test
	void theListenerTakesOnlyWhatTheMeasuredStepsLeaveRoomForAndMoreOnceTheyAreFastAgain() throws InterruptedException {
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		willReturn(taskListenerWith(10)).given(containers).getContainerById(WorkflowTasksListener.ID);
		given(stateMachine.runningExecutions()).willReturn(15L);
		SimpleMeterRegistry itsMeters = new SimpleMeterRegistry();
		FulfillmentAdmission admission = admission(32, itsMeters);
		admission.admit();
		assertThat(admission.room()).as("nothing measured yet: max-in-flight").isEqualTo(17);

		stepDurations.record(Duration.ofSeconds(30));

		assertThat(admission.limit()).isEqualTo(20);
		assertThat(admission.room()).isEqualTo(5);
		assertThat(itsMeters.get("securecart.fulfillment.in.flight.limit").gauge().value()).isEqualTo(20);
		assertThat(admission.gate().request(10)).isEqualTo(5);

		stepDurations.record(Duration.ofMinutes(5));
		assertThat(admission.limit()).as("never fewer than the 10 workers").isEqualTo(10);
		assertThat(admission.room()).isZero();
		assertThat(admission.mayStartAnother()).isFalse();

		for (int step = 0; step < 40; step++) {
			stepDurations.record(Duration.ofMillis(200));
		}
		assertThat(admission.limit()).as("fast steps again").isEqualTo(32);
		assertThat(admission.room()).isEqualTo(17);
		assertThat(admission.mayStartAnother()).isTrue();
	}

	@Test
	void aCountAtTheLoweredMostHoldsTheListenerBack() {
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		willReturn(taskListenerWith(10)).given(containers).getContainerById(WorkflowTasksListener.ID);
		given(stateMachine.runningExecutions()).willReturn(20L);
		SimpleMeterRegistry itsMeters = new SimpleMeterRegistry();
		FulfillmentAdmission admission = admission(32, itsMeters);
		stepDurations.record(Duration.ofSeconds(30));

		admission.admit();

		assertThat(admission.room()).isZero();
		assertThat(admission.mayStartAnother()).isFalse();
	}

	@Test
	void staleTasksAndAnswersFromTheLedgerAmongThirtySecondStepsLeaveTheMostAtTwenty() {
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		willReturn(taskListenerWith(10)).given(containers).getContainerById(WorkflowTasksListener.ID);
		given(stateMachine.runningExecutions()).willReturn(20L);
		FulfillmentAdmission admission = admission(32, new SimpleMeterRegistry());
		MovableClock workersClock = new MovableClock(now.get());
		FulfillmentTasks tasks = mock();
		TaskHeartbeats heartbeats = mock();
		WorkflowTasksListener worker = new WorkflowTasksListener(JSON, tasks, heartbeats, mock(TaskAnswers.class),
				stepDurations, workersClock);
		// Each message is older than a heartbeat interval: asked about with one heartbeat (50 ms). A stale one is let
		// go then; a replayed one is answered from the ledger in 5 ms; a step holds the worker 30 s in all.
		given(heartbeats.stillAwaited(any(), any())).willAnswer(asking -> {
			workersClock.advance(Duration.ofMillis(50));
			return !asking.<WorkflowTask>getArgument(0).taskToken().equals("stale");
		});
		given(heartbeats.whileWorking(any(), any(), any()))
			.willAnswer(invocation -> invocation.<Supplier<?>>getArgument(2).get());
		TaskOutcome picked = new TaskOutcome.Succeeded("{}");
		given(tasks.perform(any())).willAnswer(performing -> {
			if (performing.<WorkflowTask>getArgument(0).taskToken().equals("replayed")) {
				workersClock.advance(Duration.ofMillis(5));
				return FulfillmentTasks.Performed.answeredBefore(picked);
			}
			workersClock.advance(Duration.ofMillis(29_950));
			return FulfillmentTasks.Performed.done(picked);
		});
		String sent = String.valueOf(now.get().minusSeconds(90).toEpochMilli());
		admission.admit();

		// An overloaded queue: among the steps, tasks that timed out while they waited and steps done before.
		for (String token : List.of("step", "stale", "replayed", "step", "stale", "stale", "step", "replayed",
				"stale")) {
			worker.on(task(token), mock(Visibility.class), sent);

			assertThat(admission.limit()).as("after a %s message: 10 workers × 60 s ÷ 30 s", token).isEqualTo(20);
			assertThat(admission.room()).isZero();
		}
		assertThat(stepDurations.mean()).contains(Duration.ofSeconds(30));
	}

	@Test
	void theStepsThatMayWaitAreHalfOfWhatTheWorkersTakeWithinAHeartbeat() {
		assertThat(FulfillmentAdmission.waitingLimit(10, Duration.ofSeconds(60), Duration.ofSeconds(30)))
			.as("10 workers take 20 waiting steps within 60 s at 30 s a step; half may wait").hasValue(10);
		assertThat(FulfillmentAdmission.waitingLimit(10, Duration.ofSeconds(60), Duration.ofMillis(200)))
			.hasValue(1_500);
		assertThat(FulfillmentAdmission.waitingLimit(10, Duration.ofSeconds(60), Duration.ofMinutes(5)))
			.as("an empty queue never holds orders back").hasValue(1);
		assertThat(FulfillmentAdmission.waitingLimit(10, Duration.ofSeconds(60), null)).isEmpty();
		assertThat(FulfillmentAdmission.waitingLimit(10, null, Duration.ofSeconds(30))).isEmpty();
		assertThat(FulfillmentAdmission.waitingLimit(0, Duration.ofSeconds(60), Duration.ofSeconds(30))).isEmpty();
	}

	/**
	 * ADR 22's case (amendment of 2026-12-07, its Consequences): a backlog, 30-s steps, 10 workers, a heartbeat of
	 * 60 s. The executions bound admits 20 at once; as two-parcel orders they reach Pick together, 40 Picks, and the
	 * last 10 wait 90 s: timed out. Charged a step each against half of the 20 steps the workers take within a
	 * heartbeat, only 10 are admitted: 20 Picks, the last 10 waiting 30 s.
	 */
	@Test
	void aBacklogIsAdmittedOnlyAsFarAsItsStepsAreTakenWithinAHeartbeatThoughTwoParcelsAPiece() {
		given(stateMachine.runningExecutions()).willReturn(0L);
		given(waitingSteps.read()).willReturn(OptionalLong.of(0));
		FulfillmentAdmission admission = slowStepsAdmission(new SimpleMeterRegistry());
		admission.admit();
		assertThat(admission.limit()).isEqualTo(20);

		int admitted = admission.room();
		int started = 0;
		while (admission.mayStartAnother()) {
			admission.startAnswered();
			started++;
		}

		assertThat(admitted).isEqualTo(10);
		assertThat(started).as("the start sweep and redeliveries are held to it too").isEqualTo(10);
		int picks = 2 * admitted;
		int workers = 10;
		Duration lastPickWaits = Duration.ofSeconds(30).multipliedBy((picks - workers) / workers);
		assertThat(lastPickWaits).as("within the heartbeat").isLessThan(Duration.ofSeconds(60));
		assertThat(admission.room()).isZero();
	}

	@Test
	void aBacklogOfStepsInTheTaskQueueHoldsStockReservedBackBelowTheMostExecutions() throws InterruptedException {
		given(stateMachine.runningExecutions()).willReturn(5L);
		given(waitingSteps.read()).willReturn(OptionalLong.of(12), OptionalLong.of(4));
		SimpleMeterRegistry itsMeters = new SimpleMeterRegistry();
		FulfillmentAdmission admission = slowStepsAdmission(itsMeters);

		admission.admit();

		assertThat(admission.limit()).as("15 executions below the bound").isEqualTo(20);
		assertThat(admission.room()).as("12 steps wait, 6 minutes of a worker: more than half the heartbeat")
			.isZero();
		assertThat(admission.gate().request(10)).isZero();
		assertThat(admission.mayStartAnother()).isFalse();
		assertThat(itsMeters.get("securecart.fulfillment.waiting.steps").gauge().value()).isEqualTo(12);
		assertThat(itsMeters.get("securecart.fulfillment.waiting.steps.limit").gauge().value()).isEqualTo(10);

		second();
		admission.admit();

		assertThat(admission.room()).as("4 wait: 6 more, a step each").isEqualTo(6);
		for (int start = 0; start < 6; start++) {
			assertThat(admission.mayStartAnother()).isTrue();
		}
		assertThat(admission.mayStartAnother()).isFalse();
		assertThat(admission.room()).isZero();
	}

	@Test
	void theStepsWaitingAreReadOncePerCountAndOnlyWhileTheyBoundAnything() {
		given(stateMachine.runningExecutions()).willReturn(5L);
		given(waitingSteps.read()).willReturn(OptionalLong.of(0));
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		willReturn(taskListenerWith(10)).given(containers).getContainerById(WorkflowTasksListener.ID);
		FulfillmentAdmission admission = admission(32, new SimpleMeterRegistry());

		admission.admit();
		verify(waitingSteps, never()).read();

		stepDurations.record(Duration.ofSeconds(30));
		for (int round = 0; round < 3; round++) {
			second();
			admission.admit();
			admission.room();
			admission.mayStartAnother();
		}

		verify(waitingSteps, times(3)).read();
	}

	@Test
	void whileStepsWaitItCountsEveryRoundThoughNothingRuns() {
		given(stateMachine.runningExecutions()).willReturn(0L);
		given(waitingSteps.read()).willReturn(OptionalLong.of(12), OptionalLong.of(0));
		FulfillmentAdmission admission = slowStepsAdmission(new SimpleMeterRegistry());
		admission.admit();
		assertThat(admission.room()).isZero();

		second();
		admission.admit();

		assertThat(admission.room()).as("the workers took them: room the next second, not a quiet minute later")
			.isEqualTo(10);
		second();
		admission.admit();
		verify(stateMachine, times(2)).runningExecutions();
	}

	@Test
	void stepsSqsDoesNotCountLeaveTheExecutionsBoundAlone() {
		given(stateMachine.runningExecutions()).willReturn(5L);
		given(waitingSteps.read()).willReturn(OptionalLong.empty());
		SimpleMeterRegistry itsMeters = new SimpleMeterRegistry();
		FulfillmentAdmission admission = slowStepsAdmission(itsMeters);

		admission.admit();

		assertThat(admission.room()).isEqualTo(15);
		assertThat(itsMeters.get("securecart.fulfillment.waiting.steps").gauge().value()).isNaN();
	}

	@Test
	void theHeartbeatIsReadAgainEveryFewMinutesAndANewOneMovesTheBound() {
		FulfillmentAdmission admission = slowStepsAdmission(new SimpleMeterRegistry());
		AtomicReference<Duration> read = new AtomicReference<>(Duration.ofSeconds(60));
		given(stateMachine.heartbeat()).willAnswer(asking -> Optional.of(read.get()));
		// The machine is redeployed with a heartbeat of 30 s: the state machine sees it once it reads again.
		willAnswer(rereading -> {
			read.set(Duration.ofSeconds(30));
			return null;
		}).given(stateMachine).rereadHeartbeat();
		given(stateMachine.runningExecutions()).willReturn(5L);
		given(waitingSteps.read()).willReturn(OptionalLong.of(0));
		admission.admit();

		now.set(now.get().plus(FulfillmentAdmission.HEARTBEAT_REREAD).minusSeconds(1));
		admission.admit();
		verify(stateMachine, never()).rereadHeartbeat();
		assertThat(admission.limit()).as("the heartbeat read at startup: 10 workers × 60 s ÷ 30 s").isEqualTo(20);

		second();
		admission.admit();
		verify(stateMachine, times(1)).rereadHeartbeat();
		assertThat(admission.limit()).as("10 workers × 30 s ÷ 30 s").isEqualTo(10);
		assertThat(admission.waitingLimit()).hasValue(5);

		second();
		admission.admit();
		verify(stateMachine, times(1)).rereadHeartbeat();
	}

	/** 10 task workers, a heartbeat of 60 s, 30-s steps: at most 20 executions, 10 steps waiting. */
	private FulfillmentAdmission slowStepsAdmission(SimpleMeterRegistry itsMeters) {
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		willReturn(taskListenerWith(10)).given(containers).getContainerById(WorkflowTasksListener.ID);
		stepDurations.record(Duration.ofSeconds(30));
		return admission(32, itsMeters);
	}

	private static String task(String token) {
		return JSON.writeValueAsString(Map.of("step", "Pick", "input",
				Map.of("orderId", UUID.randomUUID().toString(), "shipmentId", UUID.randomUUID().toString()),
				"taskToken", token, "attempt", 0));
	}

	private FulfillmentAdmission admission(int maxInFlight, SimpleMeterRegistry itsMeters) {
		return new FulfillmentAdmission(stateMachine, containers, new FulfillmentProperties("fulfillment", Map.of(),
				"central", Duration.ofSeconds(20), Duration.ofSeconds(10), maxInFlight, Duration.ofMinutes(5)),
				stepDurations, waitingSteps, mock(WorkerLeases.class), itsMeters, clock, Duration.ofSeconds(1));
	}

	/** The task listener's container, as Spring Cloud AWS makes it: its concurrency is the number of workers. */
	private static SqsMessageListenerContainer<Object> taskListenerWith(int workers) {
		return new SqsMessageListenerContainer<>(mock(SqsAsyncClient.class),
				SqsContainerOptions.builder().maxConcurrentMessages(workers).build());
	}

	@Test
	void leavesTheListenersToTheContextWhileItStartsOrStops() {
		given(stateMachine.runningExecutions()).willReturn(9L);
		admission.onApplicationEvent(mock(ContextClosedEvent.class));

		admission.admit();

		verify(stateMachine, never()).runningExecutions();
	}
}
