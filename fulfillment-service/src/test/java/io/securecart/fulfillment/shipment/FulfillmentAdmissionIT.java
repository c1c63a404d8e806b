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
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
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

		await().atMost(TIMEOUT)
			.until(() -> executionOf(first.orderId()).isPresent() && executionOf(second.orderId()).isPresent()
					&& admission.room() == 0);
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
