package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.StockReserved;
import io.securecart.platform.messaging.ListenerPauses;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;

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

	private static final String HELD = "SC-HELD-906";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

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

	@MockitoSpyBean
	private Warehouse warehouse;


	@BeforeAll
	static void provisionItsStateMachine() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		infrastructure.provisionStateMachineVariant(MessagingNames.FULFILLMENT_STATE_MACHINE, STATE_MACHINE, Map.of());
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

		await().atMost(TIMEOUT).until(() -> fulfillmentStatus(waiting.orderId()).filter("SHIPPED"::equals).isPresent());
		assertThat(fulfillmentStatus(first.orderId())).contains("SHIPPED");
	}

	@AfterEach
	void forgetTheSlowStep() {
		// The other tests reckon with the steps they do; a measured mean forgets a step in a few dozen.
		for (int step = 0; step < 60; step++) {
			stepDurations.record(Duration.ofMillis(10));
		}
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
