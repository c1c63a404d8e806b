package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler.ReleaseReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.invocation.InvocationOnMock;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.dao.DataAccessResourceFailureException;

import static io.securecart.fulfillment.shipment.AdmissionRounds.round;
import static io.securecart.fulfillment.shipment.AdmissionRounds.startsTogether;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Several instances admitting to one machine, each an admission of its own on one clock, whose leases are kept as the
 * database keeps them (renewed every round, read while they run): the bounds reckon with every instance's task
 * workers, each instance admits its share of the room, and together they admit exactly the room. Step Functions
 * counts every instance's executions and SQS every instance's steps, so each instance reads the same count.
 * 10 task workers each, a heartbeat of 60 s and 30-s steps: each instance's workers serve 20 executions and take 20
 * waiting steps within a heartbeat.
 */
class AdmissionSharesTest {

	private static final Duration ROUND = Duration.ofSeconds(1);

	private static final Duration FAST = Duration.ofSeconds(5);

	/** Steps that quick leave max-in-flight the bound even when it is raised to 1,500. */
	private static final Duration QUICK = Duration.ofMillis(200);

	/** How long the others reckon with an instance after its renewal: 17 s. */
	private static final Duration LEASE = ROUND.multipliedBy(FulfillmentAdmission.LEASE_ROUNDS)
		.plus(FulfillmentAdmission.ROUND_CALLS);

	/** What a {@code ListExecutions} takes in a slow round: more than the two rounds a count stays fresh for. */
	private static final Duration SLOW_CALLS = Duration.ofSeconds(3);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T14:00:00Z"));

	private final FulfillmentStateMachine stateMachine = mock();

	private final WaitingSteps waitingSteps = mock();

	private final WorkerLeases leases = mock();

	/** The table: every instance's lease, by instance. */
	private final Map<UUID, WorkerLease> table = new ConcurrentHashMap<>();

	private final AtomicLong running = new AtomicLong();

	private final AtomicLong waiting = new AtomicLong();

	private final AtomicBoolean databaseAway = new AtomicBoolean();

	/** Instances whose own lease statement fails (its timeout under load, say) while the others' succeed. */
	private final Set<UUID> renewalsFailing = ConcurrentHashMap.newKeySet();

	@BeforeEach
	void sharedCountsAndLeases() {
		given(stateMachine.heartbeat()).willReturn(Optional.of(Duration.ofSeconds(60)));
		given(stateMachine.runningExecutions()).willAnswer(counting -> running.get());
		given(waitingSteps.read()).willAnswer(reading -> OptionalLong.of(waiting.get()));
		given(leases.renew(anyString(), any(), any())).willAnswer(this::database);
		willAnswer(releasing -> table.remove(releasing.<UUID>getArgument(0))).given(leases).release(any());
	}

	/** The lease statement as the database runs it, at the clock's now. */
	private List<WorkerLease> database(InvocationOnMock renewing) {
		WorkerLease own = renewing.getArgument(1);
		if (databaseAway.get() || renewalsFailing.contains(own.instance())) {
			throw new DataAccessResourceFailureException("the database is away");
		}
		Duration length = renewing.getArgument(2);
		return renew(new WorkerLease(own.instance(), own.workers(), own.step(), clock.instant().plus(length)),
				clock.instant());
	}

	@Test
	void twoInstancesReckonWithTwentyWorkersAndTogetherAdmitExactlyTheRoom() {
		running.set(30);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10));

		round(instances);

		assertThat(instances).extracting(FulfillmentAdmission::limit)
			.as("20 workers × 60 s ÷ 30 s, each instance alone reckoned 20")
			.containsOnly(40);
		assertThat(instances).extracting(FulfillmentAdmission::waitingLimit)
			.containsOnly(OptionalInt.of(20));
		assertThat(instances).extracting(FulfillmentAdmission::room)
			.as("40 less the 30 running, halved; alone, each found 30 running of its 20 and admitted none")
			.containsOnly(5);
		assertThat(startsTogether(instances)).isEqualTo(10);
	}

	@Test
	void withStepsWaitingTheyShareTheStepsRoomAndTheOddStepGoesToOne() {
		waiting.set(15);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10));

		round(instances);

		assertThat(instances).extracting(FulfillmentAdmission::room)
			.as("20 steps may wait, 15 do: 5 more, 2 and 3; alone, each let 10 wait and admitted none")
			.containsExactlyInAnyOrder(2, 3);
		assertThat(startsTogether(instances)).isEqualTo(5);
	}

	@Test
	void threeInstancesShareByTheirWorkers() {
		running.set(30);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10), instance(20));

		round(instances);

		assertThat(instances).extracting(FulfillmentAdmission::limit)
			.as("40 workers × 60 s ÷ 30 s, at most max-in-flight")
			.containsOnly(64);
		assertThat(instances).extracting(FulfillmentAdmission::waitingLimit).containsOnly(OptionalInt.of(40));
		int[] rooms = instances.stream().mapToInt(FulfillmentAdmission::room).toArray();
		assertThat(rooms[2]).as("64 less the 30 running: 34, and the third has 20 of the 40 workers").isEqualTo(17);
		assertThat(List.of(rooms[0], rooms[1])).as("alone, only the third admitted: 10, its 40 less the 30")
			.containsExactlyInAnyOrder(8, 9);
		assertThat(startsTogether(instances)).isEqualTo(34);
	}

	@Test
	void anInstanceWhoseLeaseRanOutNoLongerCounts() {
		running.set(30);
		FulfillmentAdmission first = instance(10);
		FulfillmentAdmission second = instance(10);
		FulfillmentAdmission stopped = instance(10);
		round(List.of(first, second, stopped));
		assertThat(first.limit()).as("30 workers × 60 s ÷ 30 s, max-in-flight 64").isEqualTo(60);
		assertThat(first.room() + second.room() + stopped.room()).isEqualTo(30);

		// The third dies: it renews no more, and counts until its lease has run out.
		Duration lease = ROUND.multipliedBy(FulfillmentAdmission.LEASE_ROUNDS).plus(FulfillmentAdmission.ROUND_CALLS);
		clock.advance(lease.minus(ROUND));
		round(List.of(first, second));
		assertThat(first.fleet().instances()).as("its lease runs for another second").isEqualTo(3);
		assertThat(first.limit()).isEqualTo(60);

		clock.advance(ROUND);
		round(List.of(first, second));

		assertThat(List.of(first, second)).extracting(admission -> admission.fleet().instances()).containsOnly(2);
		assertThat(List.of(first, second)).extracting(FulfillmentAdmission::limit)
			.as("20 workers × 60 s ÷ 30 s: what the two serve")
			.containsOnly(40);
		assertThat(List.of(first, second)).extracting(FulfillmentAdmission::room)
			.as("40 less the 30 running, halved")
			.containsOnly(5);
		assertThat(startsTogether(List.of(first, second))).isEqualTo(10);
	}

	@Test
	void anInstanceThatStopsEndsItsLeaseAndTheOtherHasTheWholeRoomAtItsNextRound() {
		running.set(30);
		FulfillmentAdmission staying = instance(10);
		FulfillmentAdmission stopping = instance(10);
		round(List.of(staying, stopping));

		stop(stopping);
		clock.advance(ROUND);
		round(List.of(staying));

		assertThat(staying.fleet().instances()).isOne();
		assertThat(staying.limit()).isEqualTo(20);
		assertThat(staying.room()).as("20 less the 30 running").isZero();
		running.set(12);
		clock.advance(ROUND);
		round(List.of(staying));
		assertThat(staying.room()).isEqualTo(8);
	}

	@Test
	void aStoppingInstanceThatGaveUpItsLeaseAdmitsNothingMore() {
		running.set(12);
		FulfillmentAdmission staying = instance(10);
		FulfillmentAdmission stopping = instance(10);
		round(List.of(staying, stopping));
		assertThat(stopping.room()).as("20 steps may wait, none does: halved").isEqualTo(10);

		// Its SQS containers and schedulers stop after this event; until then its gate and starts still ask.
		stop(stopping);
		clock.advance(ROUND);
		round(List.of(staying));

		assertThat(staying.room()).as("the whole room, 20 less the 12 running, is the staying one's").isEqualTo(8);
		assertThat(stopping.room()).as("it would take 10 more on top of the staying one's 8").isZero();
		assertThat(stopping.mayStartAnother()).isFalse();
		assertThat(startsTogether(List.of(staying, stopping))).isEqualTo(8);
	}

	/**
	 * The stopping one admitted 10 starts whose {@code StartExecution} has not answered yet: its lease stays until they
	 * have, so the staying one keeps its share, and counts them once it is alone. On the code before the lease went at
	 * once: alone, the staying one counted 12 running, without the 10, and had 8 of room, 30 where 20 may run.
	 */
	@Test
	void aStoppingInstanceGivesUpItsLeaseOnceTheStartsItAdmittedAreAnswered() {
		running.set(12);
		FulfillmentAdmission staying = instance(10);
		FulfillmentAdmission stopping = instance(10);
		round(List.of(staying, stopping));
		int inFlight = startsTogether(List.of(stopping));
		assertThat(inFlight).as("20 steps may wait, none does: halved").isEqualTo(10);

		stopping.onApplicationEvent(mock(ContextClosedEvent.class));
		Thread stopper = new Thread(stopping::stop);
		stopper.start();
		clock.advance(ROUND);
		staying.admit();

		assertThat(table).as("its starts are not answered yet").containsKey(stopping.fleet().self());
		assertThat(staying.fleet().instances()).isEqualTo(2);
		assertThat(staying.room()).as("its share of the 20 steps' room, the stopping one's 10 charged to it")
			.isEqualTo(10);
		assertThat(stopping.mayStartAnother()).isFalse();
		for (int start = 0; start < inFlight; start++) {
			stopping.startAnswered();
		}
		running.addAndGet(inFlight);
		await().atMost(Duration.ofSeconds(5)).until(() -> !stopper.isAlive());
		assertThat(table).doesNotContainKey(stopping.fleet().self());
		clock.advance(ROUND);
		staying.admit();
		assertThat(staying.fleet().instances()).isOne();
		assertThat(staying.room()).as("alone, 20 less the 22 running").isZero();
	}

	@Test
	void aStoppingInstanceWaitsForItsStartsNoLongerThanItsBound() {
		FulfillmentAdmission stopping = instance(10);
		round(List.of(stopping));
		assertThat(stopping.mayStartAnother()).isTrue();
		stopping.onApplicationEvent(mock(ContextClosedEvent.class));

		// The stop waits on the JVM's own time, which the movable clock does not move: timed by the system's.
		Clock ticking = Clock.systemUTC();
		Duration bound = Duration.ofMillis(300);
		Thread stopper = new Thread(() -> stopping.stop(bound));
		Instant stopped = ticking.instant();
		stopper.start();

		await().atMost(Duration.ofSeconds(5)).until(() -> !stopper.isAlive());
		assertThat(Duration.between(stopped, ticking.instant())).as("waited for its start all of its bound")
			.isGreaterThanOrEqualTo(bound);
		assertThat(table).as("given up, its start unanswered").isEmpty();
		assertThat(FulfillmentAdmission.STARTS_ANSWERED_WITHIN).as("StartExecution's call timeout")
			.isEqualTo(Duration.ofSeconds(10));
	}

	/**
	 * A start asked for as the instance stops pauses once it found the instance admitting (here as it reads its
	 * fleet's step time), and a stop meanwhile finds no start to wait for and gives up the lease: the start is refused.
	 * On the code before it was admitted, on a lease given up: it counted itself only after the pause, past both the
	 * stop's closing and its wait, and a peer alone counted without it. Paused once counted instead, the stop waits
	 * for its answer (aStoppingInstanceGivesUpItsLeaseOnceTheStartsItAdmittedAreAnswered); that pause falls between
	 * two statements of the admission's own, where no test reaches without a hook in it.
	 */
	@Test
	void aStartAskedForWhileTheInstanceStopsIsRefusedOnceTheStopFoundNoStartToWaitFor() throws InterruptedException {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StepDurations steps = spy(new StepDurations(meters));
		steps.record(Duration.ofSeconds(30));
		FulfillmentAdmission stopping = instance(containers(10), steps, meters, clock, 64);
		round(List.of(stopping));
		CountDownLatch paused = new CountDownLatch(1);
		CountDownLatch resumed = new CountDownLatch(1);
		AtomicReference<Thread> starter = new AtomicReference<>();
		willAnswer(reading -> {
			if (Thread.currentThread() == starter.get() && paused.getCount() > 0) {
				paused.countDown();
				assertThat(resumed.await(5, TimeUnit.SECONDS)).isTrue();
			}
			return reading.callRealMethod();
		}).given(steps).mean();
		AtomicBoolean admitted = new AtomicBoolean();
		Thread starting = new Thread(() -> admitted.set(stopping.mayStartAnother()));
		starter.set(starting);
		starting.start();
		assertThat(paused.await(5, TimeUnit.SECONDS)).isTrue();

		stop(stopping);
		assertThat(table).as("no start to wait for: given up").isEmpty();
		resumed.countDown();
		starting.join(Duration.ofSeconds(5));

		assertThat(starting.isAlive()).isFalse();
		assertThat(admitted).as("a start admitted on a lease given up").isFalse();
	}

	@Test
	void aRenewalUnderWayWhenTheInstanceStopsDoesNotWriteItsLeaseBackAfterTheRelease() {
		FulfillmentAdmission stopping = instance(10);
		stopping.admit();
		AtomicReference<Thread> stopper = new AtomicReference<>();
		willAnswer(renewing -> {
			// The context closes while this renewal is in the database: the release runs on another thread.
			Thread closing = new Thread(() -> stop(stopping));
			stopper.set(closing);
			closing.start();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> closing.getState() == Thread.State.BLOCKED
						|| closing.getState() == Thread.State.TIMED_WAITING
						|| closing.getState() == Thread.State.TERMINATED);
			WorkerLease own = renewing.getArgument(1);
			table.put(own.instance(), own);
			return List.of();
		}).given(leases).renew(anyString(), any(), any());

		clock.advance(ROUND);
		stopping.admit();
		await().atMost(Duration.ofSeconds(5)).until(() -> stopper.get().getState() == Thread.State.TERMINATED);

		assertThat(table).as("released after the renewal, not written back by it").isEmpty();
		stopping.admit();
		assertThat(table).isEmpty();
	}

	/**
	 * The database is away and a renewal waits in it (for a connection, up to 30 s, which neither the statement's
	 * timeout nor the stop's bounds): the stop waits for it no longer than the statement's timeout, leaves the lease,
	 * and the renewal gives it up once it returns. On the code before the stop waited for the renewal however long it
	 * took, holding the lifecycle's synchronous stop.
	 */
	@Test
	void aStopWaitsForARenewalHeldUpInTheDatabaseNoLongerThanItsBoundAndTheRenewalGivesTheLeaseUp()
			throws InterruptedException {
		FulfillmentAdmission stopping = instance(10);
		stopping.admit();
		CountDownLatch inTheDatabase = new CountDownLatch(1);
		CountDownLatch databaseBack = new CountDownLatch(1);
		willAnswer(renewing -> {
			inTheDatabase.countDown();
			assertThat(databaseBack.await(20, TimeUnit.SECONDS)).isTrue();
			return database(renewing);
		}).given(leases).renew(anyString(), any(), any());
		clock.advance(ROUND);
		Thread round = new Thread(stopping::admit);
		round.start();
		assertThat(inTheDatabase.await(5, TimeUnit.SECONDS)).isTrue();

		stopping.onApplicationEvent(mock(ContextClosedEvent.class));
		Thread stopper = new Thread(stopping::stop);
		try {
			stopper.start();
			await("the statement's timeout, 2 s").atMost(Duration.ofSeconds(5)).until(() -> !stopper.isAlive());
			assertThat(table).as("left to the renewal under way").containsKey(stopping.fleet().self());
			verify(leases, never()).release(any());
		}
		finally {
			databaseBack.countDown();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !round.isAlive());
		assertThat(table).as("given up by the renewal once it returned").isEmpty();
	}

	/**
	 * Its last renewal failed: the database is likely away, and a release would wait on the lifecycle's thread for a
	 * connection (Hikari's 30 s) before its statement's timeout even began. The lease runs out by itself.
	 */
	@Test
	void aStopAfterARenewalFailedLeavesTheLeaseToRunOut() {
		FulfillmentAdmission stopping = instance(10);
		stopping.admit();
		databaseAway.set(true);
		clock.advance(ROUND);
		stopping.admit();

		stopping.onApplicationEvent(mock(ContextClosedEvent.class));
		stopping.stop();

		verify(leases, never()).release(any());
		assertThat(table).as("left to run out").containsKey(stopping.fleet().self());
	}

	@Test
	void aNewInstanceAdmitsNothingBeforeItCountedAndReadTheOthersLeases() {
		running.set(30);
		FulfillmentAdmission first = instance(10);
		round(List.of(first));
		assertThat(first.room()).as("alone: 20 less the 30 running").isZero();

		// A second instance starts, or the first restarts: until its first round it knows neither.
		FulfillmentAdmission joining = instance(10);
		assertThat(joining.room()).as("alone with none running, it took all of max-in-flight 64").isZero();
		assertThat(joining.mayStartAnother()).isFalse();

		joining.admit();
		assertThat(joining.fleet().instances()).isEqualTo(2);
		assertThat(joining.room()).as("40 less the 30 running, halved").isEqualTo(5);
	}

	@Test
	void anInstanceWhoseTaskListenerIsFoundAfterItsFirstCountAdmitsOnceItRenewedItsLease() {
		MessageListenerContainerRegistry containers = mock();
		given(containers.isRunning()).willReturn(true);
		FulfillmentAdmission late = instance(containers);
		late.admit();
		assertThat(late.room()).as("counted, but no lease renewed with its workers").isZero();

		willReturn(new SqsMessageListenerContainer<>(mock(SqsAsyncClient.class),
				SqsContainerOptions.builder().maxConcurrentMessages(10).build()))
			.given(containers)
			.getContainerById(WorkflowTasksListener.ID);
		clock.advance(ROUND);
		late.admit();

		assertThat(late.room()).as("counted at its first round, quiet since: 10 workers serve 20, none run").isEqualTo(20);
	}

	@Test
	void whileRenewalsFailEachKeepsItsShareOfTheFleetItReadLastThenAdmitsNothing() {
		running.set(30);
		// 5-s steps: 10 workers serve 120 executions within a heartbeat, so alone or not the bound is max-in-flight.
		List<FulfillmentAdmission> instances = List.of(instance(10, FAST), instance(10, FAST));
		round(instances);
		assertThat(instances).extracting(FulfillmentAdmission::room).as("64 less the 30 running, halved").containsOnly(17);

		databaseAway.set(true);
		for (int second = 1; second < LEASE.minus(FulfillmentAdmission.ROUND_CALLS).toSeconds(); second++) {
			clock.advance(ROUND);
			instances.forEach(FulfillmentAdmission::admit);
		}
		assertThat(instances).extracting(FulfillmentAdmission::room)
			.as("4 s after the last renewal: each still has its share of the fleet it read last")
			.containsOnly(17);
		for (int second = 0; second < 30; second++) {
			clock.advance(ROUND);
			instances.forEach(FulfillmentAdmission::admit);
		}

		assertThat(instances).extracting(admission -> admission.fleet().instances())
			.as("alone once the leases it read ran out, each took 34, and both twice the room")
			.containsOnly(2);
		assertThat(instances).extracting(FulfillmentAdmission::room)
			.as("5 s and more without a renewal: the others may no longer reckon with it")
			.containsOnly(0);
		assertThat(startsTogether(instances)).isZero();
	}

	/**
	 * The first one's lease statement keeps failing while its counts succeed: its lease runs out for the second, which
	 * shares the whole room without it. On the code before, the first still admitted its share of the fleet it read
	 * last, 17, on top of the second's 34. Once a renewal succeeds again it counts before it admits: the second shared
	 * the room without it meanwhile.
	 */
	@Test
	void anInstanceWhoseOwnRenewalsFailAdmitsNothingOnceItsLeaseMayHaveRunOutAndCountsBeforeItAdmitsAgain() {
		running.set(30);
		FulfillmentAdmission failing = instance(10, FAST);
		FulfillmentAdmission renewing = instance(10, FAST);
		List<FulfillmentAdmission> both = List.of(failing, renewing);
		round(both);
		assertThat(both).extracting(FulfillmentAdmission::room).as("64 less the 30 running, halved").containsOnly(17);

		renewalsFailing.add(failing.fleet().self());
		Duration admitsFor = LEASE.minus(FulfillmentAdmission.ROUND_CALLS);
		clock.advance(admitsFor.minus(ROUND));
		both.forEach(FulfillmentAdmission::admit);
		assertThat(failing.room()).as("renewed 4 s ago: the second reckons with it for 13 s more").isEqualTo(17);
		clock.advance(ROUND);
		both.forEach(FulfillmentAdmission::admit);
		assertThat(failing.room()).as("renewed 5 s ago: a start admitted now might be answered after its lease")
			.isZero();
		assertThat(failing.mayStartAnother()).isFalse();

		clock.advance(LEASE.minus(admitsFor));
		both.forEach(FulfillmentAdmission::admit);

		assertThat(renewing.fleet().instances()).as("the first one's lease ran out").isOne();
		assertThat(renewing.room()).as("64 less the 30 running, the whole of it").isEqualTo(34);
		assertThat(failing.fleet().instances()).as("it still reckons with the fleet it read last").isEqualTo(2);
		assertThat(startsTogether(List.of(failing))).as("its 17 on top of the 34: 81 of the 64").isZero();
		startAndAnswer(renewing);
		assertThat(running).as("the whole room, once").hasValue(64);

		running.set(44); // 20 ended
		renewalsFailing.clear();
		given(stateMachine.runningExecutions()).willThrow(new IllegalStateException("Step Functions is away"));
		clock.advance(ROUND);
		assertThatThrownBy(failing::admit).isInstanceOf(IllegalStateException.class);
		assertThat(failing.room()).as("renewed, but its count 1 s old predates the second one's starts").isZero();
		willAnswer(counting -> running.get()).given(stateMachine).runningExecutions();
		clock.advance(ROUND);
		both.forEach(FulfillmentAdmission::admit);
		assertThat(both).extracting(FulfillmentAdmission::room).as("64 less the 44 running, halved").containsOnly(10);
	}

	/**
	 * Its own renewals fail until one is asked half a second before its lease runs out for the other instance, and
	 * the database runs it a second later (the statement waited for a connection, which no timeout here bounds): the
	 * other dropped this one meanwhile, counted, and took the whole room. Nothing is admitted before this one's count
	 * says so. On the code before the lapse was judged by when the renewal was asked, and this instance's room was its
	 * share, 17, on a count taken before the other's 34 starts.
	 */
	@Test
	void aRenewalTheDatabaseRunsAfterTheLeaseRanOutWantsACountBeforeTheInstanceAdmitsAgain() {
		running.set(30);
		FulfillmentAdmission late = instance(10, FAST);
		FulfillmentAdmission other = instance(10, FAST);
		List<FulfillmentAdmission> both = List.of(late, other);
		round(both);
		renewalsFailing.add(late.fleet().self());
		for (long second = 1; second < LEASE.toSeconds(); second++) {
			clock.advance(ROUND);
			both.forEach(FulfillmentAdmission::admit);
		}
		assertThat(other.fleet().instances()).as("its lease runs for a second more").isEqualTo(2);
		renewalsFailing.clear();
		AtomicBoolean itsCountNext = new AtomicBoolean();
		willAnswer(renewing -> {
			WorkerLease own = renewing.getArgument(1);
			if (own.instance().equals(late.fleet().self()) && !itsCountNext.get()) {
				clock.advance(ROUND); // waiting for a connection
				other.admit();
				assertThat(other.fleet().instances()).as("its lease ran out").isOne();
				startAndAnswer(other);
				itsCountNext.set(true);
			}
			return database(renewing);
		}).given(leases).renew(anyString(), any(), any());
		AtomicInteger roomBeforeItsCount = new AtomicInteger(-1);
		given(stateMachine.runningExecutions()).willAnswer(counting -> {
			if (itsCountNext.get()) {
				roomBeforeItsCount.compareAndSet(-1, late.room());
			}
			return running.get();
		});

		clock.advance(Duration.ofMillis(500));
		late.admit();

		assertThat(running).as("the other one's 34 on top of the 30").hasValue(64);
		assertThat(roomBeforeItsCount).as("renewed once its lease had run out: none before its count").hasValue(0);
		assertThat(late.fleet().instances()).isEqualTo(2);
		assertThat(late.room()).as("its count shows the 64 running").isZero();
		assertThat(late.mayStartAnother()).isFalse();
	}

	@Test
	void anInstanceThatNeverReadTheLeasesAdmitsNothing() {
		FulfillmentAdmission other = instance(10, FAST);
		round(List.of(other));
		databaseAway.set(true);
		FulfillmentAdmission starting = instance(10, FAST);

		starting.admit();
		clock.advance(ROUND);
		starting.admit();

		assertThat(starting.room()).as("it cannot know that it is alone: another may take the room").isZero();
		assertThat(starting.mayStartAnother()).isFalse();
		databaseAway.set(false);
		clock.advance(ROUND);
		starting.admit();
		assertThat(starting.fleet().instances()).isEqualTo(2);
		assertThat(starting.room()).as("64, none running, halved").isEqualTo(32);
	}

	@Test
	void instancesWhoseClocksDisagreeReckonWithEachOtherByTheDatabasesClock() {
		running.set(30);
		// The database's clock is the test's; the first instance's runs 30 s behind it.
		MovableClock behind = new MovableClock(clock.instant().minusSeconds(30));
		willAnswer(renewing -> {
			WorkerLease own = renewing.getArgument(1);
			if (renewing.getArgument(2) instanceof Duration length) {
				return renew(new WorkerLease(own.instance(), own.workers(), own.step(), clock.instant().plus(length)),
						clock.instant());
			}
			// The statement before: the lease ran out, and the others' were read, at the caller's instants.
			return renew(own, renewing.getArgument(2));
		}).given(leases).renew(anyString(), any(), any());
		List<FulfillmentAdmission> instances = List.of(instance(10, FAST, behind), instance(10, FAST, clock));

		round(instances);

		assertThat(instances).extracting(admission -> admission.fleet().instances())
			.as("the second read the first's lease as run out 13 s before it was written")
			.containsOnly(2);
		assertThat(startsTogether(instances)).as("64 less the 30 running; the second took 34 alone").isEqualTo(34);
	}

	/**
	 * Quick steps, so the bound is max-in-flight's 64, 32 each. The first starts its 32 and, counting them a round
	 * later, shares the room left again (16 each) and starts 16 more, and so on; the second, quiet since nothing ran at
	 * its count, would count again only a minute after it. On the code before it still had its 32 of the first count,
	 * 80 together.
	 */
	@Test
	void aQuietInstanceAdmitsNothingOnACountTwoRoundsOldWhileAnotherAdmitsAndCountsAtTheNextRoundOnceAnOrderWaits()
			throws InterruptedException {
		FulfillmentAdmission busy = instance(10, FAST);
		FulfillmentAdmission quiet = instance(10, FAST);
		round(List.of(busy, quiet));
		assertThat(quiet.room()).as("64, none running, halved").isEqualTo(32);
		for (int second = 0; second < 2; second++) {
			startAndAnswer(busy);
			clock.advance(ROUND);
			busy.admit();
			quiet.admit();
		}
		assertThat(running).as("32, then 16 of the 32 left, each the first's share").hasValue(48);
		assertThat(busy.room()).isEqualTo(8);
		assertThat(quiet.room()).as("its count is two rounds old: still its share").isEqualTo(32);

		clock.advance(ROUND);

		assertThat(quiet.room()).as("48 run and the first has 8 more: 32 would take 88 of the 64").isZero();
		assertThat(quiet.gate().request(10)).as("the gate lets one order in, to learn that one waits").isOne();
		assertThat(quiet.mayStartAnother()).as("its start is held back").isFalse();
		assertThat(quiet.room()).isZero();
		verify(stateMachine, times(4)).runningExecutions();

		clock.advance(ROUND);
		busy.admit();
		quiet.admit();

		verify(stateMachine, times(6)).runningExecutions();
		assertThat(quiet.room()).as("counted at the next round, quiet or not: 64 less the 48, halved").isEqualTo(8);
		assertThat(startsTogether(List.of(busy, quiet))).isEqualTo(16);
	}

	/**
	 * Its next round waits on Step Functions: it still admits on its count, as long as the round's calls may take; once
	 * the round hangs past that, it admits nothing and lets no order in (it counts at its next round anyway). On the
	 * code before it admitted nothing once the round took 2 s.
	 */
	@Test
	void anInstanceThatCountsEveryRoundAdmitsWhileItsRoundIsSlowAndLetsNoOrderInOnceItHangs()
			throws InterruptedException {
		running.set(30);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10));
		round(instances);
		FulfillmentAdmission slow = instances.getFirst();

		clock.advance(ROUND.multipliedBy(3));

		assertThat(slow.room()).as("40 less the 30 running, halved, by a count 3 s old").isEqualTo(5);
		assertThat(slow.gate().request(10)).isEqualTo(5);
		slow.gate().release(5, ReleaseReason.PROCESSED);

		clock.advance(FulfillmentAdmission.ROUND_CALLS);

		assertThat(slow.room()).as("15 s: over 2 rounds and the 12 s its calls may take").isZero();
		assertThat(slow.gate().request(10)).as("it counts at its next round anyway: no order to hold back").isZero();
		slow.admit();
		assertThat(slow.room()).isEqualTo(5);
	}

	/**
	 * Each {@code ListExecutions} takes 3 s (throttled and retried, a loaded emulator), so every count is older than
	 * two rounds once it is in. On the code before, every instance admitted nothing, for as long as its calls were
	 * slow.
	 */
	@Test
	void instancesWhoseCountsTakeThreeSecondsStillAdmitTheirShares() {
		given(stateMachine.runningExecutions()).willAnswer(counting -> {
			clock.advance(SLOW_CALLS);
			return running.get();
		});
		running.set(30);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10));

		round(instances);

		assertThat(instances).extracting(FulfillmentAdmission::room)
			.as("40 less the 30 running, halved, by counts 3 and 6 s old")
			.containsOnly(5);
		assertThat(startsTogether(instances)).isEqualTo(10);
	}

	/**
	 * Each count takes 6 s, longer than an instance admits after a renewal: the renewal after the count is no lapse
	 * (the lease it renewed before ran for 17 s), so the count stands. On the code before, a renewal past those 5 s was
	 * taken for one, made the count just in stale, and nothing was admitted for as long as the counts took so long.
	 */
	@Test
	void aCountSlowerThanTheTimeAnInstanceAdmitsAfterARenewalStandsOnceItIsIn() {
		given(stateMachine.runningExecutions()).willAnswer(counting -> {
			clock.advance(Duration.ofSeconds(6));
			return running.get();
		});
		running.set(30);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10));
		round(instances);

		for (FulfillmentAdmission instance : instances) {
			instance.admit();
			assertThat(instance.room()).as("40 less the 30 running, halved, renewed after its count").isEqualTo(5);
		}
	}

	/**
	 * max-in-flight raised to 1,500 (a fleet on AWS) with 200-ms steps, and 1,200 running: a count is two
	 * {@code ListExecutions}, each within its 10-s call timeout, here 15 s together. The lease reckons with both calls,
	 * and so does the count's freshness. On the code before they reckoned with one: the lease of 17 s ran out while a
	 * round took up to 22 s, and a count of 15 s was stale on arrival (after 14 s) and admitted nothing.
	 */
	@Test
	void aCountOfTwoPagesIsReckonedWithByTheLeaseAndByTheCountsFreshness() {
		running.set(1200);
		List<FulfillmentAdmission> instances = List.of(instance(10, QUICK, clock, 1500),
				instance(10, QUICK, clock, 1500));
		round(instances);
		assertThat(instances).extracting(FulfillmentAdmission::limit).containsOnly(1500);
		assertThat(instances).extracting(FulfillmentAdmission::room).as("1,500 less 1,200, halved").containsOnly(150);
		ArgumentCaptor<Duration> lengths = ArgumentCaptor.captor();
		verify(leases, atLeastOnce()).renew(anyString(), any(), lengths.capture());
		assertThat(lengths.getValue()).as("5 rounds, two ListExecutions of 10 s and the steps read's 2 s")
			.isEqualTo(Duration.ofSeconds(27));

		given(stateMachine.runningExecutions()).willAnswer(counting -> {
			clock.advance(Duration.ofSeconds(15));
			return running.get();
		});
		FulfillmentAdmission slow = instances.getFirst();
		clock.advance(ROUND);
		slow.admit();

		assertThat(slow.room()).as("by a count of two pages, 15 s in coming").isEqualTo(150);
	}

	/**
	 * Nothing runs, so both are quiet, and each count takes 3 s: a quiet instance's count is stale at its first round
	 * without a count, its gate lets an order in and its start is held back, as with quick calls. On the code before,
	 * the count that start made the next round take was stale on arrival too: every order so received was held back,
	 * one a round, and none started.
	 */
	@Test
	void aQuietInstanceWhoseCountsTakeThreeSecondsStartsTheOrderItsCountWasWantedFor() throws InterruptedException {
		given(stateMachine.runningExecutions()).willAnswer(counting -> {
			clock.advance(SLOW_CALLS);
			return running.get();
		});
		List<FulfillmentAdmission> instances = List.of(instance(10, FAST), instance(10, FAST));
		round(instances);
		FulfillmentAdmission quiet = instances.getFirst();
		assertThat(quiet.gate().request(10)).as("its count, 6 s old, is stale: one order in").isOne();
		assertThat(quiet.mayStartAnother()).as("held back").isFalse();

		clock.advance(ROUND);
		quiet.admit();

		assertThat(quiet.mayStartAnother()).as("the held-back start, by the count its refusal wanted").isTrue();
		assertThat(quiet.room()).as("64, none running, halved, less the one started").isEqualTo(31);
	}

	/**
	 * The gate asks before every receive, an order waiting or not, and while the count is stale it lets one order in;
	 * with none waiting the receive finds none and gives its permit back. That wants no count: each instance still
	 * counts once a quiet minute.
	 */
	@Test
	void aQuietInstanceWithNothingToAdmitStillCountsOnlyOnceAMinute() throws InterruptedException {
		List<FulfillmentAdmission> instances = List.of(instance(10, FAST), instance(10, FAST));
		round(instances);
		verify(stateMachine, times(2)).runningExecutions();

		for (long second = 1; second < FulfillmentAdmission.QUIET_RECOUNT.toSeconds(); second++) {
			clock.advance(ROUND);
			instances.forEach(FulfillmentAdmission::admit);
			verify(stateMachine, times(2)).runningExecutions();
			for (FulfillmentAdmission instance : instances) {
				int granted = instance.gate().request(10);
				assertThat(granted).as("second %d: its room, then one order while the count is stale", second)
					.isEqualTo(second > 2 ? 1 : 10);
				instance.gate().release(granted, ReleaseReason.NONE_FETCHED);
			}
		}
		verify(stateMachine, times(2)).runningExecutions();

		clock.advance(ROUND);
		instances.forEach(FulfillmentAdmission::admit);

		verify(stateMachine, times(4)).runningExecutions();
		assertThat(instances).extracting(FulfillmentAdmission::room).containsOnly(32);
		assertThat(instances).extracting(instance -> instance.gate().request(10)).containsOnly(10);
	}

	@Test
	void aloneAnInstanceStillAdmitsOnAQuietCount() {
		FulfillmentAdmission staying = instance(10, FAST);
		FulfillmentAdmission stopping = instance(10, FAST);
		round(List.of(staying, stopping));
		stop(stopping);
		staying.admit(); // the other is gone: it counts again
		verify(stateMachine, times(3)).runningExecutions();

		for (long second = 1; second < FulfillmentAdmission.QUIET_RECOUNT.toSeconds(); second++) {
			clock.advance(ROUND);
			staying.admit();
		}

		verify(stateMachine, times(3)).runningExecutions();
		assertThat(staying.fleet().instances()).isOne();
		assertThat(staying.room()).as("nobody else's starts go unseen: by a count 59 s old, the 60 steps 10 workers "
				+ "take in half a heartbeat at 5 s a step").isEqualTo(60);
		assertThat(startsTogether(List.of(staying))).isEqualTo(60);
	}

	/**
	 * Quick steps, so the bound is max-in-flight's 64, 32 each, and nothing runs at the staying one's count. The other
	 * starts its 32 after it, the staying one's workers answer the last steps of 5 of them, and it leaves (a rolling
	 * deployment, a scale-in) while 27 still run. On the code before, the staying one, alone and quiet, admitted on its
	 * count of none, plus the 5 ends: 60, the steps' bound, on top of the 27.
	 */
	@Test
	void anInstanceLeftAloneCountsBeforeItAdmitsAgainAndCreditsNoEndFromBefore() throws InterruptedException {
		FulfillmentAdmission staying = instance(10, FAST);
		FulfillmentAdmission leaving = instance(10, FAST);
		round(List.of(staying, leaving));
		clock.advance(ROUND);
		startAndAnswer(leaving);
		staying.admit();
		leaving.admit();
		for (int end = 0; end < 5; end++) {
			staying.executionEnded();
			running.decrementAndGet();
		}
		verify(stateMachine, times(3)).runningExecutions();

		stop(leaving);
		clock.advance(ROUND);
		staying.admit();

		assertThat(staying.fleet().instances()).isOne();
		assertThat(staying.room()).as("64 less the 27 still running, by a count at this round").isEqualTo(37);
		verify(stateMachine, times(4)).runningExecutions();
		assertThat(staying.gate().request(64)).isEqualTo(37);
		assertThat(startsTogether(List.of(staying))).isEqualTo(37);
	}

	/**
	 * A read of the leases finds the other gone, and the count it wants fails: nothing is admitted, alone or not, until
	 * a count is in; and it is tried again at the next round, quiet or not.
	 */
	@Test
	void anInstanceLeftAloneAdmitsNothingWhileItsCountFails() throws InterruptedException {
		FulfillmentAdmission staying = instance(10, FAST);
		FulfillmentAdmission leaving = instance(10, FAST);
		round(List.of(staying, leaving));
		running.set(27);
		given(stateMachine.runningExecutions()).willThrow(new IllegalStateException("Step Functions is away"));

		stop(leaving);
		clock.advance(ROUND);
		assertThatThrownBy(staying::admit).isInstanceOf(IllegalStateException.class);

		assertThat(staying.fleet().instances()).isOne();
		assertThat(staying.room()).isZero();
		assertThat(staying.gate().request(10)).as("no order taken from the queue while its count fails").isZero();
		clearInvocations(stateMachine);
		willAnswer(counting -> running.get()).given(stateMachine).runningExecutions();
		clock.advance(ROUND);
		staying.admit();
		verify(stateMachine).runningExecutions();
		assertThat(staying.room()).as("64 less the 27 running").isEqualTo(37);
	}

	/**
	 * The first's worker answers the last step of an execution the second started. On the code before, the first's room
	 * grew by one until its next count, while the second, counting after the end, shared that room already.
	 */
	@Test
	void anEndAnsweredHereFreesNoRoomBeforeTheNextCountWhileAnotherAdmits() {
		running.set(30);
		List<FulfillmentAdmission> instances = List.of(instance(10), instance(10));
		round(instances);
		FulfillmentAdmission answering = instances.getFirst();

		answering.executionEnded();
		running.decrementAndGet();

		assertThat(answering.room()).as("40 less the 30 running by its count, halved; 6 on the code before").isEqualTo(5);
		startAndAnswer(answering);
		assertThat(running).hasValue(34);
		clock.advance(ROUND);
		instances.getLast().admit();
		assertThat(instances.getLast().room()).as("its count, after the end, shares the end's room: 40 less 34, halved")
			.isEqualTo(3);
	}

	/** The context closes, then the lifecycle stops the admission, as Spring stops a service. */
	private static void stop(FulfillmentAdmission instance) {
		instance.onApplicationEvent(mock(ContextClosedEvent.class));
		instance.stop();
	}

	private void startAndAnswer(FulfillmentAdmission instance) {
		int started = startsTogether(List.of(instance));
		for (int start = 0; start < started; start++) {
			instance.startAnswered();
		}
		running.addAndGet(started);
	}

	/** Writes {@code own} to the table and answers the others' leases that run at {@code now}. */
	private List<WorkerLease> renew(WorkerLease own, Instant now) {
		table.put(own.instance(), own);
		return table.values()
			.stream()
			.filter(lease -> !lease.instance().equals(own.instance()) && lease.expiresAt().isAfter(now))
			.toList();
	}

	private FulfillmentAdmission instance(int workers) {
		return instance(workers, Duration.ofSeconds(30));
	}

	private FulfillmentAdmission instance(int workers, Duration stepsTake) {
		return instance(workers, stepsTake, clock);
	}

	private FulfillmentAdmission instance(int workers, Duration stepsTake, Clock itsClock) {
		return instance(workers, stepsTake, itsClock, 64);
	}

	private FulfillmentAdmission instance(int workers, Duration stepsTake, Clock itsClock, int maxInFlight) {
		return instance(containers(workers), stepsTake, itsClock, maxInFlight);
	}

	private static MessageListenerContainerRegistry containers(int workers) {
		MessageListenerContainerRegistry containers = mock();
		given(containers.isRunning()).willReturn(true);
		willReturn(new SqsMessageListenerContainer<>(mock(SqsAsyncClient.class),
				SqsContainerOptions.builder().maxConcurrentMessages(workers).build()))
			.given(containers)
			.getContainerById(WorkflowTasksListener.ID);
		return containers;
	}

	private FulfillmentAdmission instance(MessageListenerContainerRegistry containers) {
		return instance(containers, Duration.ofSeconds(30), clock);
	}

	private FulfillmentAdmission instance(MessageListenerContainerRegistry containers, Duration stepsTake,
			Clock itsClock) {
		return instance(containers, stepsTake, itsClock, 64);
	}

	private FulfillmentAdmission instance(MessageListenerContainerRegistry containers, Duration stepsTake,
			Clock itsClock, int maxInFlight) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StepDurations steps = new StepDurations(meters);
		steps.record(stepsTake);
		return instance(containers, steps, meters, itsClock, maxInFlight);
	}

	private FulfillmentAdmission instance(MessageListenerContainerRegistry containers, StepDurations steps,
			SimpleMeterRegistry meters, Clock itsClock, int maxInFlight) {
		return new FulfillmentAdmission(stateMachine, containers, new FulfillmentProperties("fulfillment", Map.of(),
				"central", Duration.ofSeconds(20), Duration.ofSeconds(10), maxInFlight, Duration.ofMinutes(5)), steps,
				waitingSteps, leases, meters, itsClock, ROUND);
	}
}
