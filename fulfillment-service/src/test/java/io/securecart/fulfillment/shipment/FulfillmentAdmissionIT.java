package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.StockReserved;
import io.securecart.platform.messaging.ListenerPauses;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static io.securecart.fulfillment.shipment.AdmissionRounds.round;
import static io.securecart.fulfillment.shipment.AdmissionRounds.startsTogether;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

/**
 * At {@code max-in-flight} fulfilments under way, StockReserved waits in its queue, not received, while the listener
 * keeps running, until one of them finishes; then the waiting order is fulfilled like any other. Two orders are held
 * at packing by the warehouse, the most allowed.
 */
@ServiceIntegrationTest(properties = { "securecart.fulfillment.max-in-flight=" + FulfillmentAdmissionIT.MAX_IN_FLIGHT,
		"securecart.fulfillment.state-machine=" + FulfillmentAdmissionIT.STATE_MACHINE,
		"securecart.fulfillment.admission-interval=200ms", "securecart.fulfillment.heartbeat-interval=1s",
		"securecart.fulfillment.start-sweep-interval=1s", "securecart.fulfillment.start-retry-after=1s",
		"securecart.messaging.retry.max-visibility-timeout-seconds=1" })
class FulfillmentAdmissionIT {

	static final int MAX_IN_FLIGHT = 2;

	/** A copy of the declared machine of its own: other test classes' executions must not count. */
	static final String STATE_MACHINE = "fulfillment-admission-it";

	/** Another copy, started by no one, that two more admissions share (instances of the service, as it were). */
	static final String SHARED_MACHINE = "fulfillment-admission-shared-it";

	private static final String HELD = "SC-HELD-906";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The sharing admissions' round, which the tests run by hand: long enough that their counts stay fresh on a loaded
	 * machine, since one that shares the room admits nothing on a count two rounds old.
	 */
	private static final Duration SHARING_ROUND = Duration.ofSeconds(5);

	private static final CountDownLatch packingReleased = new CountDownLatch(1);

	private static TestMessaging messaging;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Clock clock;

	@Autowired
	private FulfillmentAdmission admission;

	@Autowired
	private MessageListenerContainerRegistry containers;

	@Autowired
	private FulfillmentStateMachine stateMachine;

	@Autowired
	private StepDurations stepDurations;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ListenerPauses listeners;

	@Autowired
	private SfnClient sfn;

	@Autowired
	private JsonMapper json;

	@Autowired
	private WorkerLeases leases;

	@Autowired
	private WaitingSteps waitingSteps;

	@MockitoSpyBean
	private Warehouse warehouse;

	/** The admissions of the shared machine a test made: stopped after it, as instances are. */
	private final List<FulfillmentAdmission> sharing = new ArrayList<>();


	@BeforeAll
	static void provisionItsStateMachine() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		infrastructure.provisionStateMachineVariant(MessagingNames.FULFILLMENT_STATE_MACHINE, STATE_MACHINE, Map.of());
		infrastructure.provisionStateMachineVariant(MessagingNames.FULFILLMENT_STATE_MACHINE, SHARED_MACHINE, Map.of());
		messaging = new TestMessaging(infrastructure);
	}

	@AfterAll
	static void disconnect() {
		packingReleased.countDown();
		messaging.close();
	}


	@Test
	void holdsStockReservedBackWhileTheMostAreUnderWayAndFulfilsItOnceOneFinishes() {
		doAnswer(invocation -> {
			packingReleased.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(warehouse).pack(argThat(shipment -> shipment != null
				&& shipment.getLines().stream().anyMatch(line -> line.sku().equals(HELD))));
		StockReserved first = stockReserved(HELD);
		StockReserved second = stockReserved(HELD);

		messaging.publish(first);
		messaging.publish(second);

		// No receive granted before the room ran out is still open: it could take the next order.
		await().atMost(TIMEOUT)
			.until(() -> executionOf(first.orderId()).isPresent() && executionOf(second.orderId()).isPresent()
					&& admission.room() == 0 && admission.gate().taken() == 0);
		StockReserved waiting = stockReserved("SC-MUG-002");
		messaging.publish(waiting);
		await().atMost(TIMEOUT).until(() -> messaging.approximateCount(MessagingNames.FULFILLMENT_QUEUE) > 0);

		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> fulfillmentStatus(waiting.orderId()).isEmpty()
					&& messaging.approximateCount(MessagingNames.FULFILLMENT_QUEUE) > 0);
		assertThat(containers.getContainerById(StockReservedListener.ID).isRunning())
			.as("the listener runs; its receive waits for room at the gate")
			.isTrue();

		packingReleased.countDown();

		await().atMost(TIMEOUT).until(() -> fulfillmentStatus(waiting.orderId()).filter("SHIPPED"::equals).isPresent());
		assertThat(fulfillmentStatus(first.orderId())).contains("SHIPPED");
		assertThat(fulfillmentStatus(second.orderId())).contains("SHIPPED");
		assertThat(stepDurations.mean()).as("the worker measured the steps it did, packing held the longest")
			.hasValueSatisfying(mean -> assertThat(mean).isPositive());
		assertThat(meters.get("securecart.fulfillment.in.flight.limit").gauge().value())
			.as("max-in-flight (2) is below the 10 workers, the floor: no step time lowers it")
			.isEqualTo(MAX_IN_FLIGHT);
	}

	/**
	 * Below the most executions, StockReserved still waits while the task queue holds more steps than the workers
	 * could take within half the heartbeat: here the task listener is paused, as an operator would, with one order's
	 * ValidateOrder in the queue, and steps are taken to hold a worker 10 minutes, so 10 workers take one waiting step
	 * within the machine's 60 s and one may wait (the least). The second order is not received until the listener
	 * takes the steps again; then both ship. On the code before (executions bounded only) the second order started
	 * while the listener was paused.
	 */
	@Test
	void holdsStockReservedBackWhileTheTaskQueueHoldsABacklogOfStepsBelowTheMostExecutions() {
		// The other tests' executions have closed: only the steps can hold the order back.
		await().atMost(TIMEOUT).until(() -> admission.workers() > 0 && stateMachine.runningExecutions() == 0);
		for (int step = 0; step < 30; step++) { // each weighs a fifth of the mean
			stepDurations.record(Duration.ofMinutes(10));
		}
		listeners.pause(WorkflowTasksListener.ID, "fulfillment-admission-it", "a backlog of steps");
		StockReserved first = stockReserved("SC-MUG-002");
		StockReserved waiting = stockReserved("SC-MUG-002");
		try {
			messaging.publish(first);
			await().atMost(TIMEOUT)
				.until(() -> executionOf(first.orderId()).isPresent()
						&& messaging.approximateCount(MessagingNames.FULFILLMENT_TASKS_QUEUE) > 0
						&& gauge("securecart.fulfillment.waiting.steps") >= 1
						&& gauge("securecart.fulfillment.in.flight") == 1
						// A count that read the queue before the step reached it left room for a moment, and a
						// receive granted then may still be open: it could take the next order.
						&& admission.room() == 0 && admission.gate().taken() == 0);
			assertThat(admission.limit()).as("10 workers × 60 s ÷ 10 min, at least max-in-flight's 2").isEqualTo(2);
			assertThat(gauge("securecart.fulfillment.waiting.steps.limit")).isOne();

			messaging.publish(waiting);
			await().atMost(TIMEOUT).until(() -> messaging.approximateCount(MessagingNames.FULFILLMENT_QUEUE) > 0);
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(5))
				.until(() -> fulfillmentStatus(waiting.orderId()).isEmpty()
						&& messaging.approximateCount(MessagingNames.FULFILLMENT_QUEUE) > 0);
		}
		finally {
			listeners.resume(WorkflowTasksListener.ID, "fulfillment-admission-it");
		}

		// Both run once the listener takes the steps again, and the second may ship a moment before the first.
		await().atMost(TIMEOUT).until(() -> fulfillmentStatus(waiting.orderId()).filter("SHIPPED"::equals).isPresent()
				&& fulfillmentStatus(first.orderId()).filter("SHIPPED"::equals).isPresent());
	}

	@AfterEach
	void forgetTheSlowStep() {
		// The other tests reckon with the steps they do; a measured mean forgets a step in a few dozen.
		for (int step = 0; step < 60; step++) {
			stepDurations.record(Duration.ofMillis(10));
		}
	}

	/**
	 * Two instances admitting to one machine, on one database: with no step measured each reckons with
	 * {@code max-in-flight}, which holds over every instance, and together they admit exactly it, 5, each its share
	 * (2 and 3). Each reckoning alone, both admitted 5, 10 together.
	 */
	@Test
	void twoInstancesOnOneDatabaseAdmitTogetherExactlyMaxInFlight() {
		List<FulfillmentAdmission> instances = List.of(sharingInstance(5, waitingSteps, null),
				sharingInstance(5, waitingSteps, null));

		round(instances);

		assertThat(stateMachineCount()).as("nothing runs on the shared machine").isZero();
		assertThat(instances).extracting(FulfillmentAdmission::room).containsExactlyInAnyOrder(2, 3);
		assertThat(startsTogether(instances)).isEqualTo(5);
	}

	/**
	 * Two instances on one database, steps of a minute and 5 steps waiting: 20 workers take 20 waiting steps within
	 * the machine's 60 s, so 10 may wait, and 5 more are admitted, 2 and 3. Each reckoning alone with its 10 workers,
	 * 5 might wait, and neither admitted any.
	 */
	@Test
	void twoInstancesOnOneDatabaseShareTheStepsThatMayWaitByTheirWorkers() {
		WaitingSteps fiveWaiting = mock();
		given(fiveWaiting.read()).willReturn(OptionalLong.of(5));
		List<FulfillmentAdmission> instances = List.of(sharingInstance(32, fiveWaiting, Duration.ofMinutes(1)),
				sharingInstance(32, fiveWaiting, Duration.ofMinutes(1)));

		round(instances);

		assertThat(instances).extracting(FulfillmentAdmission::waitingLimit).containsOnly(OptionalInt.of(10));
		assertThat(instances).extracting(FulfillmentAdmission::room).containsExactlyInAnyOrder(2, 3);
		assertThat(startsTogether(instances)).isEqualTo(5);
	}

	/** Each instance's lease is a row of the shared database while it runs, and goes when it stops. */
	@Test
	void anInstancesLeaseIsARowWhileItRunsAndGoesWhenItStops() {
		List<FulfillmentAdmission> instances = List.of(sharingInstance(5, waitingSteps, null),
				sharingInstance(5, waitingSteps, null));

		round(instances);
		assertThat(leasesOf(SHARED_MACHINE)).isEqualTo(2);
		assertThat(instances).extracting(admission -> admission.fleet().workers()).containsOnly(20);

		instances.getFirst().onApplicationEvent(mock(ContextClosedEvent.class));
		assertThat(leasesOf(SHARED_MACHINE)).as("until the lifecycle stops it").isEqualTo(2);
		instances.getFirst().stop();
		assertThat(leasesOf(SHARED_MACHINE)).isOne();
		instances.getLast().admit();
		assertThat(instances.getLast().fleet().instances()).isOne();
		assertThat(instances.getLast().room()).as("the whole of max-in-flight again").isEqualTo(5);
	}

	/**
	 * When a lease runs out is the database's clock's to say: an instance whose clock runs a minute behind, longer
	 * than its lease (37 s at these rounds), wrote a lease that had run out before for the other, which then reckoned
	 * alone and admitted all of max-in-flight while the first admitted its share too. Leases run out an hour ago are
	 * deleted, by the database's clock too.
	 */
	@Test
	void leasesRunOutByTheDatabasesClockNotTheInstances() {
		jdbc.sql("""
				insert into worker_lease (instance_id, state_machine, workers, expires_at) values
				    (gen_random_uuid(), :machine, 3, now() - interval '2 hours'),
				    (gen_random_uuid(), 'another-machine', 3, now() - interval '10 minutes')
				""").param("machine", SHARED_MACHINE).update();
		List<FulfillmentAdmission> instances = List.of(
				sharingInstance(5, waitingSteps, null, Clock.offset(clock, Duration.ofSeconds(-60))),
				sharingInstance(5, waitingSteps, null, clock));

		round(instances);

		assertThat(instances).extracting(admission -> admission.fleet().instances()).containsOnly(2);
		assertThat(startsTogether(instances)).isEqualTo(5);
		assertThat(leasesOf(SHARED_MACHINE)).as("the one run out two hours ago deleted").isEqualTo(2);
		assertThat(leasesOf("another-machine")).as("run out ten minutes ago: kept").isOne();
		jdbc.sql("delete from worker_lease where state_machine = 'another-machine'").update();
	}

	@AfterEach
	void stopTheSharingInstances() {
		sharing.forEach(instance -> {
			instance.onApplicationEvent(mock(ContextClosedEvent.class));
			instance.stop();
		});
		sharing.clear();
		assertThat(leasesOf(SHARED_MACHINE)).isZero();
	}

	/** An admission on the shared machine, with this context's task listener (10 workers) and database. */
	private FulfillmentAdmission sharingInstance(int maxInFlight, WaitingSteps waiting, @Nullable Duration stepsTake) {
		return sharingInstance(maxInFlight, waiting, stepsTake, clock);
	}

	private FulfillmentAdmission sharingInstance(int maxInFlight, WaitingSteps waiting, @Nullable Duration stepsTake,
			Clock itsClock) {
		FulfillmentProperties properties = sharedMachine(maxInFlight);
		SimpleMeterRegistry itsMeters = new SimpleMeterRegistry();
		StepDurations itsSteps = new StepDurations(itsMeters);
		if (stepsTake != null) {
			itsSteps.record(stepsTake);
		}
		FulfillmentAdmission instance = new FulfillmentAdmission(new FulfillmentStateMachine(sfn, properties, json),
				containers, properties, itsSteps, waiting, leases, itsMeters, itsClock, SHARING_ROUND);
		sharing.add(instance);
		return instance;
	}

	private long stateMachineCount() {
		return new FulfillmentStateMachine(sfn, sharedMachine(5), json).runningExecutions();
	}

	private static FulfillmentProperties sharedMachine(int maxInFlight) {
		return new FulfillmentProperties(SHARED_MACHINE, Map.of(), "central", Duration.ofSeconds(20),
				Duration.ofSeconds(10), maxInFlight, Duration.ofMinutes(5));
	}

	private int leasesOf(String machine) {
		return jdbc.sql("select count(*) from worker_lease where state_machine = :machine")
			.param("machine", machine)
			.query(Integer.class)
			.single();
	}

	/** NaN for a gauge not there. */
	private double gauge(String name) {
		var gauge = meters.find(name).gauge();
		return gauge == null ? Double.NaN : gauge.value();
	}

	/**
	 * What the bound is reckoned from comes from where it is declared: the heartbeat from the machine this service
	 * runs (the topology's 60 s, as its copy here has it), the workers from the task listener's container
	 * ({@code spring.cloud.aws.sqs.listener.max-concurrent-messages}).
	 */
	@Test
	void reckonsWithTheHeartbeatOfItsMachineAndTheWorkersOfItsTaskListener() {
		assertThat(stateMachine.heartbeat()).contains(Duration.ofSeconds(60));
		await().atMost(TIMEOUT).until(() -> admission.workers() > 0);
		assertThat(admission.workers()).isEqualTo(
				((AbstractMessageListenerContainer<?, ?, ?>) containers.getContainerById(WorkflowTasksListener.ID))
					.getContainerOptions()
					.getMaxConcurrentMessages())
			.isEqualTo(10);
	}


	private Optional<String> executionOf(UUID orderId) {
		return jdbc.sql("select execution_arn from fulfillment where order_id = :id and execution_arn is not null")
			.param("id", orderId)
			.query(String.class)
			.optional();
	}

	private Optional<String> fulfillmentStatus(UUID orderId) {
		return jdbc.sql("select status from fulfillment where order_id = :id")
			.param("id", orderId)
			.query(String.class)
			.optional();
	}

	private StockReserved stockReserved(String sku) {
		return new StockReserved(UUID.randomUUID(), UUID.randomUUID(), "customer-" + UUID.randomUUID(),
				List.of(new OrderLine(sku, 1, Money.of("10.00"))), clock.instant());
	}
}
