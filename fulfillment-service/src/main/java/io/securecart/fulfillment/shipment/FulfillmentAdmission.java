package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.AwsClientBuilders;
import io.securecart.platform.messaging.ListenerGate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts no more fulfilments than the workflow can carry: StockReserved is received only while fewer than
 * {@code securecart.fulfillment.max-in-flight} executions of the state machine run (as Step Functions counts them,
 * over every instance of this service), and the rest of the orders wait in its queue, where a backlog belongs (its
 * depth and age are metrics and alarms), not in the workflow. Step Functions' own count, not this service's rows: a row
 * can say RUNNING for an execution that no longer runs (the local emulator restarted), and such rows must not hold
 * orders back for ever.
 * <p>
 * Why: an execution waits for each of its steps in fulfillment-tasks, and a step not answered within the definition's
 * {@code HeartbeatSeconds} counts as a lost worker, is sent again and, after {@code WorkerLostRetries}, fails the
 * order. Starting every reserved order at once (a backlog of 10,000 after a payment outage, say) queues tens of
 * thousands of steps behind each other until they time out: the orders fail instead of waiting. Measured on the local
 * stack: 3,000 executions started within minutes, 118 finished, and moto's Step Functions (threads for every
 * waiting step) went down under them (benchmarks/measurements.md).
 * <p>
 * How: the listener's {@link ListenerGate} lets a receive take only the {@link #room()} left (and, while a quiet
 * instance's count is stale among others, one order: {@link #receivable()}): the bound, less the
 * last count, less the executions this instance started since, plus those it saw end since, less the messages it
 * holds (the gate counts those). The listener keeps running; at the bound its receive waits in the gate until an
 * execution ends here or a count finds room (ADR 29). An execution ends when its last step has been answered
 * ({@link #executionEnded()}): counting only once a second, the workflow sat idle up to a second after each batch of
 * executions ended together, as a backlog's do. Alone only: while others admit too, an end frees its room at the next
 * count, below.
 * <p>
 * Counted every {@code admission-interval} (one {@code ListExecutions}) while anything may run: the last count found
 * some, or steps waiting, or this instance started one since. A quiet instance counts once every
 * {@link #QUIET_RECOUNT}, so that its gauge learns what other instances run; an idle stack no longer asks Step
 * Functions every second for nothing (a {@code ListExecutions} costs the service about 3 ms of CPU and is throttled
 * account-wide on AWS). The bound holds as well as before: an instance that starts one counts at the next round, and
 * between two counts it may start at most up to the bound, whether its last count is one second old or one minute.
 * <p>
 * An execution starts only while the last count plus this instance's starts since, less its ends since, stay within
 * the most ({@link #mayStartAnother()}), whatever the gate let in (a start sweep, a redelivery); the others stay
 * {@code STARTING} and start in their turn. The gauge {@code securecart.fulfillment.in.flight} shows the last count.
 * <p>
 * The most is {@code max-in-flight}, or fewer while steps are slow ({@link #limit}): the task workers (of every
 * instance, below) must take every waiting step within the machine's {@code HeartbeatSeconds}, and by Little's law
 * they serve about workers × heartbeat ÷ step duration executions so (ADR 22). The step duration is measured
 * ({@link StepDurations}), the heartbeat read from the deployed machine ({@link FulfillmentStateMachine#heartbeat()})
 * and the workers from the task listener's container: none is a copy in this service's configuration. The heartbeat
 * is read at startup and again every {@link #HEARTBEAT_REREAD} on this schedule: a machine redeployed with another
 * {@code HeartbeatSeconds} is reckoned with within minutes, a read that fails keeps the last good one, and none read
 * leaves the most at {@code max-in-flight}. The gauge {@code securecart.fulfillment.in.flight.limit} shows the most
 * in force.
 * <p>
 * That bound counts executions, and holds on average; the steps that wait are what time out. Executions admitted
 * together (a backlog's) reach Pick together and queue a step per parcel, and steps retried after a timeout, or put
 * there by other instances, wait in the same queue. So the room is also bounded by the steps waiting in
 * {@code fulfillment-tasks} ({@link WaitingSteps}, read at each count): at most {@link #waitingLimit half} of what the
 * workers take within a heartbeat may wait, each start since the count charged one step, and none is taken while the
 * steps already waiting would keep a worker from the next one for half the heartbeat (ADR 22's amendment of
 * 2026-12-06, "the steps that wait"). The gauges {@code securecart.fulfillment.waiting.steps} and
 * {@code securecart.fulfillment.waiting.steps.limit} show what that decision used.
 * <p>
 * Every instance's executions are counted and every instance's steps wait in the one queue, so both bounds reckon
 * with every instance's task workers, and each instance admits only its share of the room: its workers of theirs
 * ({@link AdmissionFleet}). Each renews a lease with its workers and its step time in the database at every round,
 * quiet or not, and reads the others' ({@link WorkerLeases}, one statement, no AWS request); an instance whose lease
 * ran out ({@link #LEASE_ROUNDS} rounds and the round's own calls) no longer counts. Reckoning with its own workers
 * alone, each of two instances admitted against half of what they serve together; reckoning with all of them
 * without a share, both would admit the same room, twice the bound (ADR 22's amendment "several instances share
 * the room"). The gauges {@code securecart.fulfillment.admission.instances} and
 * {@code securecart.fulfillment.task.workers} show whom the bounds reckon with.
 * <p>
 * The shares add up to the room only while the instances' counts agree. So while others admit too, an instance admits
 * nothing on a count older than {@link #STALE_ROUNDS} rounds once it let a round pass without counting (a quiet one's,
 * up to a minute old, shared a room the others have since filled): its gate lets one order in, whose start is refused
 * and held back, and that makes the next round count ({@link #receivable()}). One that counts every round admits on
 * its count for as long again as its round's calls may take: slow calls do not make it stale. And an end answered here
 * frees no room before the next count: it may have been another instance's start, whose room the others' later counts
 * share already. When another instance is gone, this one admits nothing before it counted again, alone or not: what
 * the one gone started since this instance's last count still runs.
 * <p>
 * An instance whose own renewals fail admits nothing once its last successful one is older than its lease less a
 * round's calls: the others may stop reckoning with it when its lease runs out, and share the whole room without it.
 * The first renewal that succeeds again makes that round count, and nothing is admitted before the count is in.
 */
@Component
class FulfillmentAdmission implements ApplicationListener<ContextClosedEvent>, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FulfillmentAdmission.class);

	/** How often an instance counts while nothing runs and it starts nothing. */
	static final Duration QUIET_RECOUNT = Duration.ofMinutes(1);

	/** How often the machine's heartbeat is read again: a redeployment is seen within it, for one request. */
	static final Duration HEARTBEAT_REREAD = Duration.ofMinutes(5);

	/**
	 * The steps waiting may take at most 1 / {@value} of the heartbeat: the rest is for the steps the count cannot see
	 * yet (an admitted execution's parcels beyond the first, the next stage of those under way, SQS's approximation).
	 */
	static final int WAITING_SHARE_OF_HEARTBEAT = 2;

	/**
	 * An instance is reckoned with for this many of its rounds after it renewed its lease, and for the longest its
	 * round's calls may take ({@link #roundCalls}): a round slowed by Step Functions or SQS does not drop it.
	 */
	static final int LEASE_ROUNDS = 5;

	/**
	 * While other instances admit too, a count older than this many rounds admits nothing once this instance has let a
	 * round pass without counting (quiet, or its count failed): the others share the room left after executions it did
	 * not see, so its share of it is no longer its share. An instance that counts at every round has its count as long
	 * again as its round's calls may take ({@link #roundCalls}): the count's time is taken before its calls, and a
	 * round whose calls take seconds (throttled, a loaded emulator, a steps read timing out) would otherwise bring a
	 * count stale on arrival, and every instance so slowed would admit nothing at all.
	 */
	static final int STALE_ROUNDS = 2;

	/**
	 * The longest a round's calls take while its count is one {@code ListExecutions} (fewer than 1,000 executions
	 * run, as the bound keeps them): that call, then the steps waiting. The lease and the freshness of a count reckon
	 * with a call per page of the count ({@link #roundCalls(long)}).
	 */
	static final Duration ROUND_CALLS = roundCalls(1);

	/**
	 * The longest a stopping instance waits for its starts to be answered before it gives up its lease:
	 * {@code StartExecution}'s own call timeout, by when each has answered or failed.
	 */
	static final Duration STARTS_ANSWERED_WITHIN = AwsClientBuilders.CALL_TIMEOUT;

	/**
	 * The longest a stopping instance waits for a renewal under way before it leaves its lease to run out instead of
	 * giving it up: the statement's own timeout. A renewal may hold the lease's lock far longer (in an outage the
	 * pool's wait for a connection, 30 s, comes first, and neither timeout bounds it), and a lifecycle's synchronous
	 * stop is bounded by nothing else.
	 */
	static final Duration RELEASE_WAITS_FOR_RENEWAL = WorkerLeases.QUERY_TIMEOUT;

	/** A count whose steps waiting could not be read. */
	private static final long UNKNOWN = -1;

	private final FulfillmentStateMachine stateMachine;

	private final MessageListenerContainerRegistry containers;

	private final ListenerGate gate;

	private final int maxInFlight;

	private final StepDurations stepDurations;

	private final WaitingSteps waitingSteps;

	private final WorkerLeases leases;

	/** This instance, in the leases: a process of its own. */
	private final UUID instance = UUID.randomUUID();

	private final String machine;

	/**
	 * How old a count may be for this instance to admit on it while others admit too, once it let a round pass without
	 * counting ({@link #STALE_ROUNDS}); counting every round, as long as its round's calls may take longer.
	 */
	private final Duration freshFor;

	/**
	 * This instance's rounds since its last count that did not count: skipped while quiet, or whose count failed. None
	 * while it counts every round, however long its calls take.
	 */
	private volatile int roundsUncounted;

	/**
	 * The next round counts, quiet or not: a start was refused because the last count was too old
	 * ({@link #mayStartAnother()}), a renewal found another instance gone, or the last count failed. Not set by
	 * {@link #room()}: the gate asks it before every receive, whether an order waits or not.
	 */
	private volatile boolean countWanted;

	/** The other instances whose lease ran at the last round. */
	private volatile List<WorkerLease> others = List.of();

	/**
	 * The instances changed and none of this instance's counts succeeded since: one read at an earlier renewal is gone
	 * (what it started after the last count runs on unseen, and, alone now, this instance would admit the whole room by
	 * that count), or this instance's own renewals failed for so long that the others may have shared the room without
	 * it. The count is stale and wanted until the next ({@link #renewLease()}).
	 */
	private volatile boolean fleetChangedSinceCount;

	/**
	 * Until when this instance admits by its last successful renewal: its lease less the longest a round's calls take
	 * ({@link #LEASE_ROUNDS} rounds). A start admitted by then is answered ({@code StartExecution}'s call timeout is
	 * within the round's calls) before the others may stop reckoning with this instance; past it, its renewals failing
	 * while its counts succeed, it admitted its share on top of the whole room the others share without it.
	 */
	private volatile Instant admitsUntil = Instant.MIN;

	/** The soonest the lease of the last successful renewal may run out for the others. */
	private volatile Instant leaseRunsOut = Instant.MIN;

	private final Duration admissionInterval;

	private volatile boolean leasesFailing;

	/** Whether a read of the leases succeeded: alone only once one has shown no other instance. */
	private volatile boolean leasesRead;

	/** Whom the last round reckoned with, to say when it changes: instances, then task workers. */
	private volatile long reckonedWith;

	/** The task listener's concurrency, once its container exists (0 before: the limit is then max-in-flight). */
	private volatile int workers;

	private final AtomicLong inFlight = new AtomicLong();

	private final Clock clock;

	/** Starts this instance admitted, ever ({@link #mayStartAnother()}). */
	private final AtomicLong startsAdmitted = new AtomicLong();

	/** Starts whose {@code StartExecution} had answered (or failed), ever. */
	private final AtomicLong startsAnswered = new AtomicLong();

	/** Executions this instance answered the last step of, ever. */
	private final AtomicLong ends = new AtomicLong();

	/** The last count; the room is reckoned from it and from what this instance did since. */
	private volatile Count count = new Count(0, 0, 0, UNKNOWN);

	private volatile Instant lastCount = Instant.MIN;

	/** When the heartbeat was read last; null until the first round, which follows the state machine's own read. */
	private volatile @Nullable Instant lastHeartbeatRead;

	private volatile boolean full;

	private volatile boolean closing;

	/**
	 * Whether this instance has counted and tried to renew its lease with its workers known: before, it knows neither
	 * what runs nor who else admits, and would take the whole of max-in-flight as if alone with none running.
	 */
	private volatile boolean started;

	/**
	 * Held by a renewal and by the release: a renewal under way when the instance stops ends before the lease is
	 * deleted, and none starts after, so a released lease stays released. The release waits for it
	 * {@link #RELEASE_WAITS_FOR_RENEWAL} at most ({@link #leaseLeftToRunOut}).
	 */
	private final ReentrantLock leaseLock = new ReentrantLock();

	/**
	 * A stop did not get the lease's lock within {@link #RELEASE_WAITS_FOR_RENEWAL}: the renewal holding it gives the
	 * lease up itself once its statement returned, if the database lets it, or the lease runs out.
	 */
	private volatile boolean leaseLeftToRunOut;

	/** Signalled as a start is answered while the instance stops, which waits for its starts before the release. */
	private final ReentrantLock answers = new ReentrantLock();

	private final Condition answered = answers.newCondition();

	/** Whether the lifecycle started it: it is stopped, its lease released, with the listeners. */
	private volatile boolean running;

	FulfillmentAdmission(FulfillmentStateMachine stateMachine, MessageListenerContainerRegistry containers,
			FulfillmentProperties properties, StepDurations stepDurations, WaitingSteps waitingSteps,
			WorkerLeases leases, MeterRegistry meters, Clock clock,
			@Value("${securecart.fulfillment.admission-interval:1s}") Duration admissionInterval) {
		this.stateMachine = stateMachine;
		this.containers = containers;
		this.maxInFlight = properties.maxInFlight();
		this.machine = properties.stateMachine();
		this.stepDurations = stepDurations;
		this.waitingSteps = waitingSteps;
		this.leases = leases;
		this.freshFor = admissionInterval.multipliedBy(STALE_ROUNDS);
		this.admissionInterval = admissionInterval;
		this.clock = clock;
		this.gate = new ListenerGate(StockReservedListener.ID, this::receivable);
		Gauge.builder("securecart.fulfillment.in.flight", inFlight, AtomicLong::get)
			.description("Executions of the fulfilment state machine running, over every instance")
			.register(meters);
		Gauge.builder("securecart.fulfillment.in.flight.limit", this, FulfillmentAdmission::limit)
			.description("The most executions admitted now: max-in-flight, or fewer while steps are slow")
			.strongReference(true)
			.register(meters);
		Gauge.builder("securecart.fulfillment.waiting.steps", this, admission -> admission.count.waitingOrNaN())
			.description("Steps waiting in fulfillment-tasks for a worker at the last count, every instance's")
			.strongReference(true)
			.register(meters);
		Gauge.builder("securecart.fulfillment.waiting.steps.limit", this,
				admission -> admission.waitingLimit().stream().asDoubleStream().findFirst().orElse(Double.NaN))
			.description("The most steps that may wait before no more fulfilments are admitted: half of what the task "
					+ "workers take within a heartbeat; NaN while no step was measured")
			.strongReference(true)
			.register(meters);
		Gauge.builder("securecart.fulfillment.admission.instances", this, admission -> admission.fleet().instances())
			.description("Instances admitting fulfilments, this one included; the bounds reckon with their workers")
			.strongReference(true)
			.register(meters);
		Gauge.builder("securecart.fulfillment.task.workers", this, admission -> admission.fleet().workers())
			.description("Task workers of every instance admitting fulfilments; 0 until this one's are known")
			.strongReference(true)
			.register(meters);
	}

	/**
	 * The longest a round's calls take when its count takes {@code listCalls} {@code ListExecutions}: each within the
	 * client's call timeout, then the steps waiting.
	 */
	static Duration roundCalls(long listCalls) {
		return AwsClientBuilders.CALL_TIMEOUT.multipliedBy(listCalls).plus(WaitingSteps.CALL_TIMEOUT);
	}

	/**
	 * The longest the next round's calls take while Step Functions fills its pages: its count takes a
	 * {@code ListExecutions} a page of 1,000 ({@link FulfillmentStateMachine#callsToCount}, at least), and finds at
	 * most what the last count found or, below the limit, what the instances admit up to it. Above 1,000 running a
	 * count took a call a page, up to 10 s each, where the lease and a count's freshness reckoned with one: a round of
	 * two pages outlasted the lease of 17 s, and a count of 15 s was stale on arrival.
	 */
	private Duration roundCalls() {
		return roundCalls(FulfillmentStateMachine.callsToCount(Math.max(count.running(), limit())));
	}

	/** How long after a renewal the others reckon with this instance, its next round taking {@code calls}. */
	private Duration lease(Duration calls) {
		return admissionInterval.multipliedBy(LEASE_ROUNDS).plus(calls);
	}

	/** This instance with its workers and step time now, and the others as their leases were read last. */
	AdmissionFleet fleet() {
		return new AdmissionFleet(instance, workers, stepDurations.mean().orElse(null), others);
	}

	/**
	 * How many executions may run at once, every instance's: {@code max-in-flight}, or fewer when the task workers of
	 * every instance, each holding a step for the measured time, could not take every waiting step before its
	 * heartbeat ran out.
	 */
	int limit() {
		return limit(fleet());
	}

	private int limit(AdmissionFleet fleet) {
		return limit(maxInFlight, fleet.workers(), heartbeat(), fleet.step());
	}

	/**
	 * The most steps that may wait in the task queue, every instance's, while more executions are admitted; empty: no
	 * such bound.
	 */
	OptionalInt waitingLimit() {
		return waitingLimit(fleet());
	}

	private OptionalInt waitingLimit(AdmissionFleet fleet) {
		return waitingLimit(fleet.workers(), heartbeat(), fleet.step());
	}

	/**
	 * {@code workers} each holding a step for {@code step} take {@code workers × heartbeat ÷ step} waiting steps
	 * before the last one's heartbeat runs out; the most that may wait while more executions are admitted is a
	 * {@link #WAITING_SHARE_OF_HEARTBEAT share} of that, at least one (an empty queue never holds orders back). The
	 * share covers two parcels in step: executions admitted within it queue at most twice the steps they are charged,
	 * so together with those waiting at most what the workers take within the heartbeat. Empty without a measure, a
	 * heartbeat or the workers.
	 */
	static OptionalInt waitingLimit(int workers, @Nullable Duration heartbeat, @Nullable Duration step) {
		if (workers < 1 || heartbeat == null || step == null || step.isZero()) {
			return OptionalInt.empty();
		}
		double taken = (double) workers * heartbeat.toNanos() / step.toNanos();
		return OptionalInt.of((int) Math.clamp((long) (taken / WAITING_SHARE_OF_HEARTBEAT), 1, Integer.MAX_VALUE));
	}

	private @Nullable Duration heartbeat() {
		return stateMachine.heartbeat().orElse(null);
	}

	/**
	 * Little's law on the task queue: {@code workers} each holding a step for {@code step} take
	 * {@code workers × heartbeat ÷ step} steps within a heartbeat, so as many executions, each waiting on one step, are
	 * served before any step's heartbeat runs out; the most admitted is that, within {@code max-in-flight}. The exact
	 * bound for one step per execution is {@code workers} higher (the steps being worked do not wait): that margin
	 * is left for the parcels an execution picks and packs at once and for Step Functions' own delays. It covers two
	 * parcels on average only, while executions are spread over their stages (1.4 steps a stage). Executions admitted
	 * together, a backlog's, reach Pick together: at 30-s steps, 10 workers and a 60-s heartbeat, 20 two-parcel
	 * executions queue 40 Picks, of which the workers take 20 (30 on a race) before the heartbeat runs out; the rest
	 * time out and are retried (ADR 22's amendment of 2026-12-07, its Consequences). Never fewer than the workers:
	 * that many executions, one step each, wait on no worker, so a lower limit would only idle them (and starve the
	 * measure). Without a measure, a heartbeat or the workers, {@code max-in-flight}.
	 */
	static int limit(int maxInFlight, int workers, @Nullable Duration heartbeat, @Nullable Duration step) {
		if (maxInFlight < 1 || workers < 1 || heartbeat == null || step == null || step.isZero()) {
			return maxInFlight;
		}
		double served = (double) workers * heartbeat.toNanos() / step.toNanos();
		return Math.clamp((long) served, Math.min(workers, maxInFlight), maxInFlight);
	}

	/** The gate in front of the StockReserved listener ({@link AdmissionConfiguration} declares it). */
	ListenerGate gate() {
		return gate;
	}

	@Scheduled(fixedDelayString = "${securecart.fulfillment.admission-interval:1s}")
	void admit() {
		if (closing || !containers.isRunning()) {
			// Not started yet, or stopping: the application context owns the containers' lifecycle then.
			return;
		}
		findWorkers();
		Instant now = clock.instant();
		Instant heartbeatRead = lastHeartbeatRead;
		if (heartbeatRead == null) {
			lastHeartbeatRead = now; // the state machine read it as the service started
		}
		else if (!now.isBefore(heartbeatRead.plus(HEARTBEAT_REREAD))) {
			lastHeartbeatRead = now;
			stateMachine.rereadHeartbeat();
		}
		// Every round, quiet or not: a quiet instance's workers take steps all the same, and it must learn of another
		// one before its quiet minute is over. A statement in the database, no AWS request.
		renewLease();
		if (workers > 0 && !lastCount.equals(Instant.MIN)) {
			started = true; // counted at an earlier round, before the task listener was found
		}
		// Steps waiting hold the room: while they do, count every round, or they would hold it up to a quiet minute
		// after the workers took them (stale tasks of ended executions, a task listener paused and resumed).
		// A start refused for a count too old (others admitting too) counts at this round: a quiet instance admits
		// within a round of an order, and one with nothing to admit still counts once a quiet minute.
		if (quiet() && !countWanted && !fleetChangedSinceCount && now.isBefore(lastCount.plus(QUIET_RECOUNT))) {
			roundsUncounted++; // only this thread writes it
			return;
		}
		countWanted = false;
		// Only a start answered before Step Functions is asked can be in its count, and an end seen before it answers
		// may still be (it closes a moment later): a start may be reckoned twice until the next count, but never lost.
		long answeredBefore = startsAnswered.get();
		// When Step Functions is asked, not when the round began: a heartbeat read or a renewal may have taken seconds.
		Instant counted = clock.instant();
		long underWay;
		try {
			underWay = stateMachine.runningExecutions();
		}
		catch (RuntimeException ex) {
			roundsUncounted++; // the last count ages as a quiet instance's does
			// Still wanted, so the next round tries again, and so a quiet instance's gate lets no order in meanwhile:
			// its start would be refused and held back, one order a round taken from the queue while nothing starts.
			countWanted = true;
			throw ex;
		}
		// Read after the count, and only while it bounds anything: one request a count, none per message. A start
		// answered before the count may have no step in the queue yet, and is charged one until the next count.
		OptionalInt mostWaiting = waitingLimit();
		long waiting = mostWaiting.isPresent() ? waitingSteps.read().orElse(UNKNOWN) : UNKNOWN;
		count = new Count(underWay, answeredBefore, ends.get(), waiting);
		lastCount = counted;
		roundsUncounted = 0;
		fleetChangedSinceCount = false;
		inFlight.set(underWay);
		started = workers > 0;
		if (Duration.between(counted, clock.instant()).compareTo(admissionInterval) > 0) {
			// Calls that took longer than a round would leave this instance admitting nothing until the next
			// round's renewal, its last more than its lease less the round's calls ago: renewed now, it admits.
			renewLease();
		}
		boolean wasFull = full;
		AdmissionFleet fleet = fleet();
		int limit = limit(fleet);
		boolean tooManySteps = waiting != UNKNOWN && fleet.share(mostWaiting.orElseThrow() - waiting) <= 0;
		full = fleet.share(limit - underWay) <= 0 || tooManySteps;
		if (full && !wasFull) {
			log.info("Holding StockReserved back: {} fulfilments running, at most {} ({}){}; orders wait in the queue",
					underWay, limit, why(limit), steps(waiting, mostWaiting));
		}
		else if (!full && wasFull) {
			log.info("Taking StockReserved again: {} fulfilments running, at most {} ({}){}", underWay, limit,
					why(limit), steps(waiting, mostWaiting));
		}
		gate.roomChanged();
	}

	/**
	 * Renews this instance's lease and reads the others'. A read that fails keeps the last one whole (a WARN once per
	 * outage), though the others' leases run out meanwhile: dropping them would leave every instance alone within a
	 * lease, each admitting the whole room. Keeping them under-admits at worst, when one of them stopped meanwhile.
	 * <p>
	 * A read that finds an instance gone (stopped, or its lease ran out) makes this round count, and this instance
	 * admits nothing before that count is in: the one gone may have started executions after this instance's last
	 * count, a quiet minute ago, and they still run. Alone, this instance would otherwise admit the whole room on top of
	 * them, and credit their ends, answered by its workers, as room. One that joins wants no count: it starts nothing
	 * before its own first count, and with it this instance's count is stale two rounds after it was taken anyway.
	 */
	private void renewLease() {
		leaseLock.lock();
		try {
			if (workers < 1 || closing) {
				return; // no workers to share before the task listener is found (none admitted), nor once it stops
			}
			tryRenewal();
			if (leaseLeftToRunOut) {
				// The stop gave up waiting for this renewal: the lease it just wrote is not one to keep.
				releaseLease();
				return;
			}
		}
		finally {
			leaseLock.unlock();
		}
		AdmissionFleet fleet = fleet();
		long reckoning = ((long) fleet.instances() << 32) | fleet.workers();
		if (reckoning != reckonedWith) {
			reckonedWith = reckoning;
			log.info("Admitting fulfilments with {} instance(s) and their {} task workers: this one ({}) admits {} of "
					+ "every {} of the room", fleet.instances(), fleet.workers(), instance, workers, fleet.workers());
			gate.roomChanged();
		}
	}

	private void tryRenewal() {
		WorkerLease own = WorkerLease.toRenew(instance, workers, stepDurations.mean().orElse(null));
		Duration calls = roundCalls();
		Duration lease = lease(calls);
		// Before the statement: the database starts the lease at its now(), later than this.
		Instant asked = clock.instant();
		try {
			List<WorkerLease> read = List.copyOf(leases.renew(machine, own, lease));
			// While this lease may have run out for the others they shared the room without this instance: like a
			// departure, a count after the renewal says what they started meanwhile, before this instance admits again.
			// Not merely past admitsUntil: a count slower than that (its renewal follows it) would never stand.
			// Judged once the renewal returned, not when it was asked: the database sets the new lease at its own
			// now(), after a wait for a connection that no timeout here bounds, so the old one may have run out and
			// a peer dropped this instance and shared the whole room in between.
			boolean lapsed = leasesRead && !clock.instant().isBefore(leaseRunsOut);
			if (anyGone(read) || lapsed) {
				fleetChangedSinceCount = true;
				countWanted = true;
			}
			others = read;
			leasesRead = true;
			admitsUntil = asked.plus(lease.minus(calls));
			leaseRunsOut = asked.plus(lease);
			if (leasesFailing) {
				leasesFailing = false;
				log.info("Renewed this instance's lease and read the other instances' task workers again");
				gate.roomChanged();
			}
		}
		catch (RuntimeException ex) {
			if (!leasesFailing) {
				leasesFailing = true;
				log.warn("Could not renew this instance's lease or read the others' task workers: admission reckons "
						+ "with those it read last{}, and admits nothing once {} pass without a renewal (the others "
						+ "may stop reckoning with this instance after its lease of {}), until one succeeds: {}",
						leasesRead ? "" : " (none: it admits nothing)", lease.minus(calls), lease,
						ex.toString());
			}
		}
	}

	/** Whether an instance read at the last renewal is not among those {@code read} now. */
	private boolean anyGone(List<WorkerLease> read) {
		Set<UUID> still = read.stream().map(WorkerLease::instance).collect(Collectors.toSet());
		return others.stream().anyMatch(other -> !still.contains(other.instance()));
	}

	private String steps(long waiting, OptionalInt mostWaiting) {
		if (waiting == UNKNOWN) {
			return "";
		}
		AdmissionFleet fleet = fleet();
		return ("; %d steps waiting in %s, at most %d (half of what %d task workers take within a heartbeat of %s at "
				+ "%s a step)").formatted(waiting, MessagingNames.FULFILLMENT_TASKS_QUEUE, mostWaiting.orElseThrow(),
						fleet.workers(), seconds(heartbeat()), seconds(stepOf(fleet)));
	}

	private static Duration stepOf(AdmissionFleet fleet) {
		Duration step = fleet.step();
		return step == null ? Duration.ZERO : step;
	}

	/** How many steps this instance's task listener works at once; 0 until its container was found. */
	int workers() {
		return workers;
	}

	/** Reads how many steps the task listener works at once, once its container exists (after every singleton). */
	private void findWorkers() {
		if (workers > 0) {
			return;
		}
		var tasks = containers.getContainerById(WorkflowTasksListener.ID);
		if (tasks instanceof AbstractMessageListenerContainer<?, ?, ?> container) {
			workers = container.getContainerOptions().getMaxConcurrentMessages();
			Duration heartbeat = heartbeat();
			if (heartbeat == null || maxInFlight <= workers) {
				log.info("Admitting at most {} fulfilments at once ({} task workers, a heartbeat of {})", maxInFlight,
						workers, heartbeat == null ? "none" : seconds(heartbeat));
			}
			else {
				log.info("Admitting at most {} fulfilments at once, fewer while a step holds a worker longer than {} "
						+ "on average ({} task workers × a heartbeat of {} ÷ {}), none while the steps waiting in {} "
						+ "would keep the workers busy for half the heartbeat", maxInFlight,
						seconds(heartbeat.multipliedBy(workers).dividedBy(maxInFlight)), workers, seconds(heartbeat),
						maxInFlight, MessagingNames.FULFILLMENT_TASKS_QUEUE);
			}
		}
	}

	private String why(int limit) {
		AdmissionFleet fleet = fleet();
		String instances = fleet.instances() == 1 ? ""
				: "; this instance admits %d of every %d of the room, its task workers of %d instances'"
					.formatted(workers, fleet.workers(), fleet.instances());
		Duration heartbeat = heartbeat();
		if (limit == maxInFlight || heartbeat == null) {
			return "max-in-flight" + instances;
		}
		return "%d task workers × a heartbeat of %s ÷ %s a step, of max-in-flight %d%s".formatted(fleet.workers(),
				seconds(heartbeat), seconds(stepOf(fleet)), maxInFlight, instances);
	}

	private static String seconds(@Nullable Duration duration) {
		return duration == null ? "none" : "%.1f s".formatted(duration.toNanos() / 1e9);
	}

	/**
	 * Whether another execution may start now; counts it as started if so. Asked before each start, and
	 * {@link #startAnswered()} follows once {@code StartExecution} has answered.
	 */
	boolean mayStartAnother() {
		if (!admitting()) {
			return false;
		}
		AdmissionFleet fleet = fleet();
		if (stale(fleet)) {
			countWanted = true; // held back, and started once the next round's count finds room
			return false;
		}
		long admitted = startsAdmitted.incrementAndGet();
		// Counted before closing is read again: a stop that began since admitting() was asked either sees this start
		// and waits for its answer, or this start sees the stop and withdraws, never neither.
		if (!closing && executionsRoom(fleet, limit(fleet), admitted) >= 0 && stepsRoom(fleet, admitted) >= 0) {
			return true;
		}
		startsAdmitted.decrementAndGet();
		signalIfClosing();
		return false;
	}

	/**
	 * Whether this instance admits at all: not once it gave up its lease (the others share the whole room without it),
	 * nor before it counted and renewed it, nor before a read of the leases said who else admits, nor once its last
	 * successful renewal is older than its lease less a round's calls ({@link #admitsUntil}).
	 */
	private boolean admitting() {
		return !closing && started && leasesRead && clock.instant().isBefore(admitsUntil);
	}

	/** {@code StartExecution} answered (or failed) for a start {@link #mayStartAnother()} admitted. */
	void startAnswered() {
		startsAnswered.incrementAndGet();
		signalIfClosing();
	}

	/** Wakes a stop waiting for the starts admitted: one was answered, or withdrawn. */
	private void signalIfClosing() {
		if (closing) {
			answers.lock();
			try {
				answered.signalAll();
			}
			finally {
				answers.unlock();
			}
		}
	}

	/**
	 * An execution's last step was answered here: it no longer runs, and alone, its room is free before the next count;
	 * while others admit too, from the next count ({@link #executionsRoom}).
	 */
	void executionEnded() {
		ends.incrementAndGet();
		gate.roomChanged();
	}

	/**
	 * How many more StockReserved this instance may take on now, before the gate subtracts those it holds: its share
	 * of the {@link #limit()} less what runs by the last count, less its starts since and plus its ends since; and no
	 * more than its share of the {@link #waitingLimit()} less the steps waiting at the last count, less a step for each
	 * start since.
	 */
	int room() {
		if (!admitting()) {
			return 0;
		}
		AdmissionFleet fleet = fleet();
		if (stale(fleet)) {
			return 0;
		}
		int limit = limit(fleet);
		long admitted = startsAdmitted.get();
		return (int) Math.clamp(Math.min(executionsRoom(fleet, limit, admitted), stepsRoom(fleet, admitted)), 0, limit);
	}

	/**
	 * What the gate lets the StockReserved listener receive: the {@link #room()}, and while a quiet instance's is none
	 * only because its last count is too old, one order, so that an order waiting makes the next round count. Its start
	 * is refused ({@link #mayStartAnother()}), it is held back, and it starts once the count finds room. With no order
	 * waiting the receive finds none and nothing is counted before the quiet minute is over. An instance that is not
	 * quiet counts at its next round anyway: it takes none (its last count failed, or its round hangs).
	 */
	private int receivable() {
		if (admitting() && !countWanted && quiet() && stale(fleet())) {
			return 1;
		}
		return room();
	}

	/** Nothing ran at the last count, nor waited, and this instance started nothing since: it counts once a minute. */
	private boolean quiet() {
		return inFlight.get() == 0 && startsAdmitted.get() == count.startsAnswered() && count.waiting() <= 0;
	}

	/**
	 * Whether the last count is too old to admit on: only while other instances admit too ({@link #STALE_ROUNDS}),
	 * {@link #STALE_ROUNDS} rounds after it once a round passed without counting, and as long as the round's calls may
	 * take ({@link #roundCalls()}) later while every round counts: a count is not stale for its calls having been slow.
	 * That later bound stays within the lease, so a round that hangs past it admits nothing before the others stop
	 * reckoning with this instance. Alone, an instance may admit up to the bound from a count a quiet minute old:
	 * nobody else's starts are unseen. Alone or not, never on a count taken before the instances changed
	 * ({@link #fleetChangedSinceCount}): another left, and its starts since run on unseen, or this instance's lease
	 * may have run out, and the others shared the room without it.
	 */
	private boolean stale(AdmissionFleet fleet) {
		if (fleetChangedSinceCount) {
			return true;
		}
		if (fleet.instances() < 2) {
			return false;
		}
		Duration fresh = roundsUncounted > 0 ? freshFor : freshFor.plus(roundCalls());
		return clock.instant().isAfter(lastCount.plus(fresh));
	}

	/**
	 * This instance's share of the executions every instance may still start by the last count, less the starts it
	 * cannot include (admitted, not answered before it). Alone, plus the executions that ended here since: their room
	 * is this instance's until the next count. Those since a count taken once the last instance to leave was gone
	 * ({@link #fleetChangedSinceCount}) only: an end before may be of that instance's start, which its count never saw.
	 * Not while others admit too: an execution whose last step a worker here answered may be another's start, and the
	 * others' counts after it ended share its room already; credited here too, it was admitted twice (ADR 22's
	 * amendment "several instances share the room", its known limits).
	 */
	private long executionsRoom(AdmissionFleet fleet, int limit, long admitted) {
		Count last = count;
		long endsSince = fleet.instances() > 1 ? 0 : ends.get() - last.ends();
		return fleet.share(limit - last.running()) - (admitted - last.startsAnswered()) + endsSince;
	}

	/**
	 * How many more steps this instance may charge: its share of the {@link #waitingLimit()} less the steps waiting by
	 * the last count, less one for each start the count cannot include (admitted, not answered before it), since a new
	 * execution queues its ValidateOrder at once. Ends since free none: an execution that ended had no step waiting.
	 * Unbounded when the last count did not read the steps waiting or no step was measured.
	 */
	private long stepsRoom(AdmissionFleet fleet, long admitted) {
		Count last = count;
		OptionalInt most = waitingLimit(fleet);
		if (last.waiting() == UNKNOWN || most.isEmpty()) {
			return Integer.MAX_VALUE;
		}
		return fleet.share(most.getAsInt() - last.waiting()) - (admitted - last.startsAnswered());
	}

	/**
	 * The context closes: from now on this instance admits nothing (its room is none, every start is refused), and no
	 * round renews its lease; the lease itself is given up when the lifecycle stops it ({@link #stop()}), once the
	 * starts it admitted have been answered.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		closing = true;
	}

	@Override
	public void start() {
		closing = false;
		leaseLeftToRunOut = false;
		running = true;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * In the listeners' phase: Spring stops a bean before the beans it depends on, so this one stops before the
	 * listener containers, whose threads may still be waiting on the starts it admitted.
	 */
	@Override
	public int getPhase() {
		return containers.getPhase();
	}

	/** Gives up the lease once the starts admitted have been answered, {@link #STARTS_ANSWERED_WITHIN} at most. */
	@Override
	public void stop() {
		stop(STARTS_ANSWERED_WITHIN);
	}

	/**
	 * Admits nothing more, waits at most {@code within} for the starts admitted to be answered, then gives up the
	 * lease: the others share the whole room without this instance from their next round, and every start it admitted
	 * is then in Step Functions' count (or failed). Released at once, as before, a peer left alone counted without the
	 * starts still in flight (up to a dozen, each up to its call timeout) and admitted their room again. The lease
	 * outlasts the wait: no round renews it once the context closes, but it runs {@link #LEASE_ROUNDS} rounds and a
	 * round's calls after the last renewal, longer than a start's call timeout.
	 */
	void stop(Duration within) {
		stop(within, RELEASE_WAITS_FOR_RENEWAL);
	}

	/**
	 * As {@link #stop(Duration)}, the release waiting at most {@code renewalWithin} for a renewal under way: past it
	 * the stop leaves the lease to that renewal or to run out, and never holds the lifecycle for a database away.
	 */
	void stop(Duration within, Duration renewalWithin) {
		closing = true;
		long unanswered = awaitStartsAnswered(within);
		if (unanswered > 0) {
			log.warn("Giving up this instance's lease with {} start(s) not answered within {}: the others may admit "
					+ "their room again until their count shows them", unanswered, within);
		}
		running = false;
		if (leasesFailing) {
			// The last renewal failed: the database is likely away, and a release would wait for a connection (Hikari's
			// 30 s) on the lifecycle's thread. The lease runs out by itself, as the others already reckon.
			log.info("Not giving up this instance's lease, whose last renewal failed: it runs out ({})",
					lease(roundCalls()));
			return;
		}
		// Set before the wait: a renewal that returns meanwhile gives the lease up itself (twice is harmless).
		leaseLeftToRunOut = true;
		if (!lockLease(renewalWithin)) {
			if (!leaseLock.tryLock()) {
				log.warn("Not giving up this instance's lease: a renewal has been in the database for more than {}; "
						+ "it gives the lease up once it returns, or the others reckon with this instance's task "
						+ "workers until the lease runs out ({})", renewalWithin, lease(roundCalls()));
				return;
			}
		}
		try {
			releaseLease();
		}
		finally {
			leaseLock.unlock();
		}
	}

	/** Whether the lease's lock was taken within {@code within}: a renewal under way holds it for its statement. */
	private boolean lockLease(Duration within) {
		try {
			return leaseLock.tryLock(within.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Deletes this instance's lease, the lease's lock held: the others share the room without it. */
	private void releaseLease() {
		if (workers < 1) {
			return;
		}
		try {
			leases.release(instance);
		}
		catch (RuntimeException ex) {
			log.warn("Could not end this instance's lease: the others reckon with its task workers until it runs "
					+ "out ({}): {}", lease(roundCalls()), ex.toString());
		}
	}

	/** Waits at most {@code within} until every start admitted has been answered; answers how many were not. */
	private long awaitStartsAnswered(Duration within) {
		answers.lock();
		try {
			long left = within.toNanos();
			while (startsAdmitted.get() > startsAnswered.get() && left > 0) {
				left = answered.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			answers.unlock();
		}
		return Math.max(0, startsAdmitted.get() - startsAnswered.get());
	}

	/**
	 * Step Functions' count of running executions, with how many of this instance's starts had been answered before it
	 * was asked, how many ends it had seen once it answered, and the steps then waiting in the task queue
	 * ({@value #UNKNOWN} when not read: no steps bound, or SQS did not say).
	 */
	private record Count(long running, long startsAnswered, long ends, long waiting) {

		double waitingOrNaN() {
			return waiting == UNKNOWN ? Double.NaN : waiting;
		}
	}
}
