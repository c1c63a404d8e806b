package io.securecart.fulfillment.shipment;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockReserved;
import io.securecart.fulfillment.warehouse.WarehouseUnavailableException;
import io.securecart.platform.messaging.AwsRequestCounter;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.stubbing.Answer;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Every path of the fulfillment state machine, run by the emulator's Step Functions with this service as its worker:
 * StockReserved in on {@code fulfillment-order-events}, task steps on {@code fulfillment-tasks}, OrderShipped or
 * FulfillmentFailed out on the topic. The machine is a test-sized copy of the declared one, from the same definition
 * file, with substitutions of seconds (8 s task timeout, 3 s heartbeat, 1 s retry interval, one retry of a step whose
 * worker went silent) instead of minutes.
 * The simulated warehouse fails by SKU: flaky (twice per step), damaged (packing, always).
 */
@ServiceIntegrationTest(properties = { "securecart.fulfillment.state-machine=" + FulfillmentWorkflowIT.STATE_MACHINE,
		"securecart.fulfillment.heartbeat-interval=1s", "securecart.fulfillment.start-sweep-interval=1s",
		"securecart.fulfillment.start-retry-after=1s", "securecart.fulfillment.reconcile-after=2s",
		"securecart.fulfillment.reconcile-interval=1s",
		"securecart.fulfillment.warehouse.flaky-skus=" + FulfillmentWorkflowIT.FLAKY,
		"securecart.fulfillment.warehouse.damaged-skus=" + FulfillmentWorkflowIT.DAMAGED,
		"securecart.messaging.retry.max-visibility-timeout-seconds=1" })
@AutoConfigureMockMvc
class FulfillmentWorkflowIT {

	static final String STATE_MACHINE = "fulfillment-it";

	static final String FLAKY = "SC-FLAKY-901";

	static final String DAMAGED = "SC-DAMAGED-902";

	private static final String STALLED = "SC-STALLED-903";

	private static final String SLOW = "SC-SLOW-904";

	private static final String LOST_ONCE = "SC-LOST-905";

	private static final String STOPPED = "SC-STOPPED-906";

	private static final String PARALLEL = "SC-PARALLEL-907";

	private static final String UNLABELLED = "SC-UNLABELLED-908";

	private static final String UNBILLED = "SC-UNBILLED-909";

	private static final String CANCELLED = "SC-CANCELLED-910";

	private static final int WORKER_LOST_RETRIES = 1;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private static final CountDownLatch stalledWorkerReleased = new CountDownLatch(1);

	private static final CountDownLatch lostWorkerReleased = new CountDownLatch(1);

	private static final CountDownLatch stoppedWorkerReleased = new CountDownLatch(1);

	private static final CountDownLatch cancelledWorkerReleased = new CountDownLatch(1);

	private static TestMessaging messaging;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private SfnClient sfn;

	@Autowired
	private FulfillmentTasks tasks;

	@Autowired
	private JsonMapper json;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private FulfillmentStateMachine stateMachine;

	@MockitoSpyBean
	private Warehouse warehouse;

	private final TransactionTemplate aTransactionOfItsOwn;

	FulfillmentWorkflowIT(@Autowired PlatformTransactionManager transactionManager) {
		this.aTransactionOfItsOwn = new TransactionTemplate(transactionManager);
		this.aTransactionOfItsOwn.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@BeforeAll
	static void provisionTestSizedStateMachine() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		infrastructure.provisionStateMachineVariant(MessagingNames.FULFILLMENT_STATE_MACHINE, STATE_MACHINE,
				Map.of("TaskTimeoutSeconds", 8, "HeartbeatSeconds", 3, "RetryIntervalSeconds", 1,
						"WorkerLostRetries", WORKER_LOST_RETRIES));
		messaging = new TestMessaging(infrastructure);
	}

	@AfterAll
	static void disconnect() {
		stalledWorkerReleased.countDown();
		lostWorkerReleased.countDown();
		stoppedWorkerReleased.countDown();
		cancelledWorkerReleased.countDown();
		messaging.close();
	}

	@Test
	void shipsAnOrderInTwoParallelShipmentsThroughASucceededExecutionNamedAfterIt() {
		StockReserved reserved = stockReserved(line("SC-TSHIRT-001", 2), line("SC-MUG-002", 1));

		messaging.publish(reserved);

		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(execution.name()).isEqualTo(reserved.orderId().toString());
		List<HistoryEvent> history = history(execution.executionArn());
		assertThat(entered(history)).containsSubsequence("ValidateOrder", "PickAndPackEachShipment", "Ship",
				"Invoice", "Shipped");
		assertThat(entered(history).stream().filter("Pick"::equals)).hasSize(2);
		// Concurrent: both shipments' iterations started before either of them ended.
		assertThat(indexOfNth(history, HistoryEventType.MAP_ITERATION_STARTED, 2))
			.isLessThan(indexOfNth(history, HistoryEventType.MAP_ITERATION_SUCCEEDED, 1));

		OrderShipped shipped = awaitEvent(OrderShipped.class, reserved.orderId());
		assertThat(shipped.lines()).isEqualTo(reserved.lines());
		assertThat(shipped.trackingNumber()).isNotBlank();
		assertThat(jdbc.sql("select warehouse, status, tracking_number from shipment where order_id = :id order by warehouse")
			.param("id", reserved.orderId())
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3))
			.list()).containsExactly("apparel SHIPPED " + shipped.trackingNumber(),
					"central SHIPPED " + shipped.trackingNumber());
		assertThat(fulfillmentStatus(reserved.orderId())).isEqualTo("SHIPPED");
		// What the workflow costs in requests is counted with the rest (the benchmark's AWS requests per order).
		assertThat(meters.get(AwsRequestCounter.METRIC).tag("service", "sfn").tag("operation", "SendTaskSuccess")
			.counter()
			.count()).isGreaterThanOrEqualTo(7);

		assertThat(mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/shipments?orderId={orderId}", reserved.orderId())).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"warehouse": "apparel", "status": "SHIPPED", "executionArn": "%s", "fulfillmentStatus": "SHIPPED",
					  "items": [{"sku": "SC-TSHIRT-001", "quantity": 2}],
					  "steps": [{"step": "ValidateOrder", "status": "SUCCEEDED"}, {"step": "Pick", "status": "SUCCEEDED"},
					            {"step": "Pack", "status": "SUCCEEDED"}, {"step": "Ship", "status": "SUCCEEDED"},
					            {"step": "Invoice", "status": "SUCCEEDED"}]},
					 {"warehouse": "central", "status": "SHIPPED", "items": [{"sku": "SC-MUG-002", "quantity": 1}]}]
					""".formatted(execution.executionArn()));
	}

	@Test
	void picksTheParcelsOfOneOrderAtOnce() {
		StockReserved reserved = stockReserved(line("SC-TSHIRT-907", 1), line(PARALLEL, 1));
		// Each parcel's pick waits, inside its task, for the other's: only picks under way together both see it.
		CountDownLatch bothPicking = new CountDownLatch(2);
		List<Boolean> sawTheOtherPick = new CopyOnWriteArrayList<>();
		doAnswer(invocation -> {
			bothPicking.countDown();
			sawTheOtherPick.add(bothPicking.await(5, TimeUnit.SECONDS));
			return invocation.callRealMethod();
		}).when(warehouse).pick(argThat(shipment -> shipment.getOrderId().equals(reserved.orderId())));

		messaging.publish(reserved);

		assertThat(awaitExecutionEnds(reserved.orderId()).statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(sawTheOtherPick).as("each pick saw the other under way").containsExactly(true, true);
	}

	@Test
	void theWarehouseWorksWhileItsStepHoldsNoTransactionAndNoRowLock() {
		StockReserved reserved = stockReserved(line("SC-MUG-910", 1));
		List<String> heldDuringCalls = new CopyOnWriteArrayList<>();
		Answer<Object> observe = invocation -> {
			heldDuringCalls.add(invocation.getMethod().getName() + ": " + heldBy(reserved.orderId()));
			return invocation.callRealMethod();
		};
		doAnswer(observe).when(warehouse).pick(argThat(shipment -> shipment.getOrderId().equals(reserved.orderId())));
		doAnswer(observe).when(warehouse).pack(argThat(shipment -> shipment.getOrderId().equals(reserved.orderId())));
		doAnswer(observe).when(warehouse).bookCarrier(eq(reserved.orderId()), any());
		doAnswer(observe).when(warehouse).label(argThat(shipment -> shipment.getOrderId().equals(reserved.orderId())));
		doAnswer(observe).when(warehouse).invoice(eq(reserved.orderId()), any());

		messaging.publish(reserved);

		assertThat(awaitExecutionEnds(reserved.orderId()).statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(heldDuringCalls).containsExactly("pick: nothing", "pack: nothing", "bookCarrier: nothing",
				"label: nothing", "invoice: nothing");
	}

	@Test
	void absorbsTransientWarehouseFailuresWithTheWorkflowsRetry() {
		StockReserved reserved = stockReserved(line(FLAKY, 1));

		messaging.publish(reserved);

		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		List<HistoryEvent> history = history(execution.executionArn());
		// Pick and Pack each failed twice (Warehouse.Unavailable) and succeeded on the third attempt.
		assertThat(history.stream().filter(event -> event.type() == HistoryEventType.TASK_FAILED))
			.hasSize(4)
			.allSatisfy(event -> assertThat(event.taskFailedEventDetails().error()).isEqualTo("Warehouse.Unavailable"));
		assertThat(jdbc.sql("select step || ':' || attempts || ':' || status from fulfillment_task where order_id = :id and shipment_id is not null order by step desc")
			.param("id", reserved.orderId())
			.query(String.class)
			.list()).containsExactly("Pick:3:SUCCEEDED", "Pack:3:SUCCEEDED");
		awaitEvent(OrderShipped.class, reserved.orderId());
	}

	@Test
	void compensatesAFatalFailureByCancellingTheShipmentsAndAnnouncingFulfillmentFailed() {
		StockReserved reserved = stockReserved(line("SC-TSHIRT-001", 1), line(DAMAGED, 1));
		List<String> heldWhileReleasing = new CopyOnWriteArrayList<>();
		doAnswer(invocation -> {
			heldWhileReleasing.add(heldBy(reserved.orderId()));
			return invocation.callRealMethod();
		}).when(warehouse).release(eq(reserved.orderId()), any());

		messaging.publish(reserved);

		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("FAILED");
		assertThat(execution.error()).isEqualTo("Fulfillment.Failed");
		assertThat(entered(history(execution.executionArn()))).contains("CancelShipments", "FulfillmentFailed")
			.doesNotContain("Ship", "Invoice");
		FulfillmentFailed failed = awaitEvent(FulfillmentFailed.class, reserved.orderId());
		assertThat(failed.reason()).isEqualTo("Fulfillment.ItemDamaged");
		assertThat(failed.detail()).contains(DAMAGED);
		assertThat(shipmentStatuses(reserved.orderId())).containsOnly("CANCELLED").hasSize(2);
		assertThat(fulfillmentStatus(reserved.orderId())).isEqualTo("FAILED");
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("FulfillmentFailed");
		await("the warehouse told, after the compensation").atMost(TIMEOUT)
			.until(() -> warehouseReleased(reserved.orderId()));
		verify(warehouse).release(eq(reserved.orderId()), argThat(parcels -> parcels.size() == 2));
		assertThat(heldWhileReleasing).containsExactly("nothing");

		// A Ship task that comes after the end (a stale redelivery) books no carrier for the failed order.
		TaskOutcome stale = tasks.perform(new WorkflowTask("Ship",
				json.readTree("{\"orderId\": \"%s\"}".formatted(reserved.orderId())), "a-stale-token", 0)).outcome();
		assertThat(stale).isInstanceOfSatisfying(TaskOutcome.Failed.class,
				failure -> assertThat(failure.error()).isEqualTo(FulfillmentTasks.INVALID_ORDER));
		verify(warehouse, never()).bookCarrier(eq(reserved.orderId()), any());
		assertThat(shipmentStatuses(reserved.orderId())).containsOnly("CANCELLED");
	}

	@Test
	void aWarehouseThatCannotReleaseTheParcelsOfACompensatedOrderIsToldAgainByTheSweep() {
		StockReserved reserved = stockReserved(line(DAMAGED, 1));
		doThrow(new WarehouseUnavailableException("the warehouse's API is down")).doCallRealMethod()
			.when(warehouse)
			.release(eq(reserved.orderId()), any());

		messaging.publish(reserved);

		assertThat(awaitExecutionEnds(reserved.orderId()).statusAsString()).isEqualTo("FAILED");
		await("the sweep releases it").atMost(TIMEOUT)
			.until(() -> warehouseReleased(reserved.orderId()));
		verify(warehouse, times(2)).release(eq(reserved.orderId()), any());
	}

	@Test
	void aLabelThatCannotBePrintedShipsNoParcelAndTheOrderIsCompensatedInFull() {
		// The apparel parcel is labelled first (by warehouse); the central one's label fails through every Retry.
		StockReserved reserved = stockReserved(line("SC-TSHIRT-001", 1), line(UNLABELLED, 1));
		doThrow(new WarehouseUnavailableException("the label printer is jammed")).when(warehouse)
			.label(holding(UNLABELLED));

		messaging.publish(reserved);

		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("FAILED");
		assertThat(entered(history(execution.executionArn()))).contains("Ship", "CancelShipments")
			.doesNotContain("Invoice");
		FulfillmentFailed failed = awaitEvent(FulfillmentFailed.class, reserved.orderId());
		assertThat(failed.reason()).isEqualTo("Warehouse.Unavailable");
		assertThat(shipmentStatuses(reserved.orderId())).containsOnly("CANCELLED").hasSize(2);
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("FulfillmentFailed");
		// Four attempts of Ship: the carrier booked and the apparel parcel labelled once, kept for the Retries.
		verify(warehouse, times(4)).label(holding(UNLABELLED));
		verify(warehouse, times(1)).label(holding("SC-TSHIRT-001"));
		verify(warehouse, times(1)).bookCarrier(eq(reserved.orderId()), any());
	}

	@Test
	void anInvoiceThatFailsForGoodLeavesTheOrderShippedAndTheInvoiceIsIssuedLater() {
		StockReserved reserved = stockReserved(line(UNBILLED, 1));
		AtomicBoolean billingDown = new AtomicBoolean(true);
		doAnswer(invocation -> {
			if (billingDown.get()) {
				throw new WarehouseUnavailableException("billing is down");
			}
			return invocation.callRealMethod();
		}).when(warehouse).invoice(eq(reserved.orderId()), any());

		messaging.publish(reserved);

		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(entered(history(execution.executionArn()))).containsSubsequence("Ship", "Invoice", "InvoiceOwed")
			.doesNotContain("CancelShipments", "Shipped");
		OrderShipped shipped = awaitEvent(OrderShipped.class, reserved.orderId());
		assertThat(shipped.lines()).isEqualTo(reserved.lines());
		assertThat(shipmentStatuses(reserved.orderId())).containsExactly("SHIPPED");
		assertThat(fulfillmentStatus(reserved.orderId())).isEqualTo("SHIPPED");
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("OrderShipped");
		assertThat(invoiceNumber(reserved.orderId())).isNull();
		await("the owed invoice measured for the deferred-work alarm").atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					meters.get("securecart.deferred.work.pending").tag("work", "owed-invoices").gauge().value())
				.isGreaterThanOrEqualTo(1));

		billingDown.set(false);

		await().atMost(TIMEOUT).until(() -> invoiceNumber(reserved.orderId()), java.util.Objects::nonNull);
		assertThat(fulfillmentStatus(reserved.orderId())).isEqualTo("SHIPPED");
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("OrderShipped");
	}

	@Test
	void retriesAStepWhoseWorkerWentSilentAndShipsWhenItAnswers() {
		// A worker killed mid-step looks like this to Step Functions: no answer, no heartbeat. The step is retried
		// with a new task message; the worker that comes back answers both from the ledger, having done the work once.
		StockReserved reserved = stockReserved(line(LOST_ONCE, 1));
		doAnswer(invocation -> {
			lostWorkerReleased.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(warehouse).pack(holding(LOST_ONCE));

		messaging.publish(reserved);

		await().atMost(TIMEOUT).until(() -> timedOutTasks(reserved.orderId()) >= 1);
		lostWorkerReleased.countDown();
		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(entered(history(execution.executionArn()))).contains("Ship", "Invoice", "Shipped")
			.doesNotContain("CancelShipments");
		assertThat(shipmentStatuses(reserved.orderId())).containsExactly("SHIPPED");
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("OrderShipped");
		verify(warehouse, times(1)).pack(holding(LOST_ONCE));
	}

	@Test
	void compensatesAWorkerThatNeverAnswersOnceTheStepsRetriesAreSpent() {
		StockReserved reserved = stockReserved(line(STALLED, 1));
		doAnswer(invocation -> {
			stalledWorkerReleased.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(warehouse).pack(holding(STALLED));

		messaging.publish(reserved);

		await().atMost(TIMEOUT).until(() -> timedOutTasks(reserved.orderId()) > WORKER_LOST_RETRIES);
		stalledWorkerReleased.countDown();
		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("FAILED");
		assertThat(execution.error()).isEqualTo("Fulfillment.WorkerTimedOut");
		FulfillmentFailed failed = awaitEvent(FulfillmentFailed.class, reserved.orderId());
		assertThat(failed.reason()).startsWith("States.").endsWith("Timeout");
		assertThat(shipmentStatuses(reserved.orderId())).containsExactly("CANCELLED");
	}

	@Test
	void anExecutionStoppedByAnOperatorIsCompensatedByTheReconciliation() {
		// Stopped mid-step, the execution never reaches CancelShipments: only the reconciliation can end the order.
		StockReserved reserved = stockReserved(line("SC-TSHIRT-001", 1), line(STOPPED, 1));
		doAnswer(invocation -> {
			stoppedWorkerReleased.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(warehouse).pack(holding(STOPPED));

		messaging.publish(reserved);

		String executionArn = await().atMost(TIMEOUT)
			.until(() -> executionStatus(reserved.orderId()), java.util.Optional::isPresent)
			.orElseThrow();
		await().atMost(TIMEOUT).untilAsserted(() -> verify(warehouse).pack(holding(STOPPED)));
		sfn.stopExecution(request -> request.executionArn(executionArn)
			.error("Operator.Stopped")
			.cause("stopped while packing"));
		stoppedWorkerReleased.countDown();

		FulfillmentFailed failed = awaitEvent(FulfillmentFailed.class, reserved.orderId());
		// AWS ends it ABORTED with StopExecution's error and cause; moto ignores both and, stopped inside the Map,
		// ends it FAILED with States.Runtime. Either way the reason is what Step Functions reports.
		DescribeExecutionResponse execution = sfn.describeExecution(request -> request.executionArn(executionArn));
		assertThat(execution.statusAsString()).isIn("ABORTED", "FAILED");
		assertThat(failed.reason()).isEqualTo(execution.error() == null || execution.error().isBlank()
				? "Execution." + execution.statusAsString() : execution.error());
		assertThat(failed.detail()).startsWith("The execution ended " + execution.statusAsString());
		assertThat(entered(history(executionArn))).doesNotContain("CancelShipments");
		assertThat(shipmentStatuses(reserved.orderId())).containsOnly("CANCELLED").hasSize(2);
		assertThat(fulfillmentStatus(reserved.orderId())).isEqualTo("FAILED");
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("FulfillmentFailed");
	}

	@Test
	void anOrderCancelledForItsPaymentWhileAParcelIsPackedIsStoppedAndShipsNothing() {
		StockReserved reserved = stockReserved(line("SC-TSHIRT-001", 1), line(CANCELLED, 1));
		doAnswer(invocation -> {
			cancelledWorkerReleased.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(warehouse).pack(holding(CANCELLED));
		messaging.publish(reserved);
		String executionArn = await().atMost(TIMEOUT)
			.until(() -> executionStatus(reserved.orderId()), java.util.Optional::isPresent)
			.orElseThrow();
		await().atMost(TIMEOUT).untilAsserted(() -> verify(warehouse).pack(holding(CANCELLED)));

		// As checkout publishes it (ADR 44): through the topic to fulfillment-cancellations, which admission does
		// not gate.
		messaging.publish(paymentRejected(reserved));

		await().atMost(TIMEOUT).until(() -> "CANCELLED".equals(fulfillmentStatus(reserved.orderId())));
		// The release goes out before the held Pack lands: its save then fails on the cancelled parcel's version,
		// and it sends the release again, so what the warehouse packed after the first is called off too (ADR 44).
		await("released while the Pack still works").atMost(TIMEOUT)
			.until(() -> warehouseReleased(reserved.orderId()));
		cancelledWorkerReleased.countDown();
		DescribeExecutionResponse execution = await().atMost(TIMEOUT)
			.until(() -> sfn.describeExecution(request -> request.executionArn(executionArn)),
					ended -> !"RUNNING".equals(ended.statusAsString()));
		// AWS ends it ABORTED; moto, stopped inside the Map, FAILED with States.Runtime.
		assertThat(execution.statusAsString()).isIn("ABORTED", "FAILED");
		assertThat(entered(history(executionArn))).doesNotContain("Ship", "Invoice");
		assertThat(shipmentStatuses(reserved.orderId())).containsOnly("CANCELLED").hasSize(2);
		await("the warehouse told again after the Pack landed").atMost(TIMEOUT)
			.untilAsserted(() -> verify(warehouse, atLeast(2)).release(eq(reserved.orderId()), any()));
		await("and recorded").atMost(TIMEOUT).until(() -> warehouseReleased(reserved.orderId()));
		verify(warehouse, never()).bookCarrier(eq(reserved.orderId()), any());
		// Nothing announced, nor later by the reconciliation (every second here): checkout told everyone already.
		await().during(Duration.ofSeconds(3)).atMost(TIMEOUT)
			.until(() -> eventsInOutbox(reserved.orderId()).isEmpty());
		assertThat(fulfillmentStatus(reserved.orderId())).isEqualTo("CANCELLED");
	}

	@Test
	void anOrderCancelledForItsPaymentBeforeItsStockWasReservedNeverStarts() {
		StockReserved reserved = stockReserved(line("SC-TSHIRT-001", 1));
		PaymentRejected rejected = paymentRejected(reserved);
		messaging.publish(rejected);
		messaging.publish(rejected);
		await().atMost(TIMEOUT)
			.until(() -> jdbc.sql("select status from fulfillment where order_id = :id")
				.param("id", reserved.orderId())
				.query(String.class)
				.optional(), status -> status.filter("CANCELLED"::equals).isPresent());

		// SNS to SQS keeps no order: StockReserved may come after the cancellation.
		messaging.publish(reserved);

		await().atMost(TIMEOUT).until(() -> inboxHas(reserved.eventId()));
		// The start sweep runs every second here: it finds nothing STARTING.
		await().during(Duration.ofSeconds(3)).atMost(TIMEOUT)
			.until(() -> "CANCELLED".equals(fulfillmentStatus(reserved.orderId())));
		assertThat(executionStatus(reserved.orderId())).isEmpty();
		assertThatThrownBy(() -> sfn.describeExecution(request -> request
			.executionArn(stateMachineArn().replaceFirst(":stateMachine:", ":execution:") + ":" + reserved.orderId())))
			.isInstanceOf(software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException.class);
		assertThat(shipmentStatuses(reserved.orderId())).isEmpty();
		assertThat(eventsInOutbox(reserved.orderId())).isEmpty();
		assertThat(messaging.approximateCount(MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE + "-dlq")).isZero();
	}

	@Test
	void aFulfilmentWhoseExecutionStepFunctionsNoLongerKnowsIsCompensatedByTheReconciliation() {
		// As after the emulator restarted mid-order: the row says RUNNING, the execution is gone and cannot report.
		UUID orderId = UUID.randomUUID();
		String lostArn = stateMachineArn().replaceFirst(":stateMachine:", ":execution:") + ":" + orderId;
		jdbc.sql("""
				insert into fulfillment (order_id, customer_id, status, execution_arn, created_at, version)
				values (:orderId, 'customer-lost', 'RUNNING', :arn, now() - interval '1 minute', 0)""")
			.param("orderId", orderId)
			.param("arn", lostArn)
			.update();
		jdbc.sql("""
				insert into fulfillment_line (order_id, line_number, sku, quantity, unit_price, currency)
				values (:orderId, 0, 'SC-MUG-002', 1, 12.50, 'USD')""").param("orderId", orderId).update();

		FulfillmentFailed failed = awaitEvent(FulfillmentFailed.class, orderId);

		assertThat(failed.reason()).isEqualTo("Execution.DoesNotExist");
		assertThat(failed.detail()).startsWith("The execution ended DOES_NOT_EXIST").contains(lostArn);
		assertThat(fulfillmentStatus(orderId)).isEqualTo("FAILED");
		await("released after the reconciliation's compensation").atMost(TIMEOUT)
			.until(() -> warehouseReleased(orderId));
		assertThat(eventsInOutbox(orderId)).containsExactly("FulfillmentFailed");
	}

	private long timedOutTasks(UUID orderId) {
		return executionStatus(orderId).stream()
			.flatMap(arn -> history(arn).stream())
			.filter(event -> event.type() == HistoryEventType.TASK_TIMED_OUT)
			.count();
	}

	@Test
	void aSlowStepThatSendsHeartbeatsIsNotTimedOut() {
		StockReserved reserved = stockReserved(line(SLOW, 1));
		// 5 s of packing: longer than HeartbeatSeconds (3), shorter than TimeoutSeconds (8).
		doAnswer(invocation -> {
			new CountDownLatch(1).await(5, TimeUnit.SECONDS);
			return invocation.callRealMethod();
		}).when(warehouse).pack(holding(SLOW));

		messaging.publish(reserved);

		DescribeExecutionResponse execution = awaitExecutionEnds(reserved.orderId());
		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		awaitEvent(OrderShipped.class, reserved.orderId());
	}

	@Test
	void theSameStockReservedTwiceRunsOneExecutionAndShipsOnce() {
		StockReserved reserved = stockReserved(line("SC-MUG-002", 1));
		StockReserved again = new StockReserved(UUID.randomUUID(), reserved.orderId(), reserved.customerId(),
				reserved.lines(), Instant.now());

		messaging.send(MessagingNames.FULFILLMENT_QUEUE, reserved);
		messaging.send(MessagingNames.FULFILLMENT_QUEUE, reserved);
		messaging.send(MessagingNames.FULFILLMENT_QUEUE, again);

		assertThat(awaitExecutionEnds(reserved.orderId()).statusAsString()).isEqualTo("SUCCEEDED");
		await().atMost(TIMEOUT).until(() -> messaging.approximateCount(MessagingNames.FULFILLMENT_QUEUE) == 0);
		assertThat(sfn.listExecutionsPaginator(request -> request.stateMachineArn(stateMachineArn()))
			.executions()
			.stream()
			.filter(execution -> execution.name().equals(reserved.orderId().toString()))).hasSize(1);
		awaitEvent(OrderShipped.class, reserved.orderId());
		assertThat(eventsInOutbox(reserved.orderId())).containsExactly("OrderShipped");
	}

	@Test
	void aStartLostBetweenTheCommitAndStartExecutionIsMadeByTheSweep() {
		// As a service that died after committing StockReserved's fulfillment, before starting its execution.
		UUID orderId = UUID.randomUUID();
		jdbc.sql("""
				insert into fulfillment (order_id, customer_id, status, created_at, version)
				values (:orderId, 'customer-crashed', 'STARTING', now() - interval '1 minute', 0)""")
			.param("orderId", orderId)
			.update();
		jdbc.sql("""
				insert into fulfillment_line (order_id, line_number, sku, quantity, unit_price, currency)
				values (:orderId, 0, 'SC-MUG-002', 1, 12.50, 'USD')""").param("orderId", orderId).update();

		DescribeExecutionResponse execution = awaitExecutionEnds(orderId);

		assertThat(execution.statusAsString()).isEqualTo("SUCCEEDED");
		assertThat(execution.name()).isEqualTo(orderId.toString());
		assertThat(awaitEvent(OrderShipped.class, orderId).customerId()).isEqualTo("customer-crashed");
	}

	@Test
	void aRedeliveredTaskDoesItsWorkOnceAndGivesTheSameAnswer() {
		StockReserved reserved = stockReserved(line("SC-HOODIE-003", 1));
		messaging.publish(reserved);
		assertThat(awaitExecutionEnds(reserved.orderId()).statusAsString()).isEqualTo("SUCCEEDED");
		UUID shipmentId = jdbc.sql("select id from shipment where order_id = :id")
			.param("id", reserved.orderId())
			.query(UUID.class)
			.single();
		var input = json.readTree("""
				{"orderId": "%s", "shipmentId": "%s", "warehouse": "apparel"}""".formatted(reserved.orderId(),
				shipmentId));

		FulfillmentTasks.Performed again = tasks
			.perform(new WorkflowTask("Pick", input, "a-redelivered-or-retried-token", 1));

		assertThat(again.outcome()).isInstanceOf(TaskOutcome.Succeeded.class);
		assertThat(again.replayed()).as("no step done: admission's step time leaves it out").isTrue();
		verify(warehouse, times(1)).pick(argThat(shipment -> shipment.getId().equals(shipmentId)));
		assertThat(jdbc.sql("select attempts from fulfillment_task where order_id = :id and step = 'Pick'")
			.param("id", reserved.orderId())
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	void refusesToStartWithoutItsStateMachine() {
		var properties = new FulfillmentProperties("no-such-machine", Map.of(), "central", Duration.ofSeconds(20),
				Duration.ofSeconds(10), 32, Duration.ofMinutes(5));

		assertThatThrownBy(() -> new FulfillmentStateMachine(sfn, properties, JsonMapper.shared()))
			.isInstanceOf(FulfillmentStateMachine.MissingStateMachineException.class)
			.hasMessageContaining("'no-such-machine' does not exist")
			.hasMessageContaining("infra/topology.json");
	}

	@Test
	void takesTheHeartbeatFromTheMachineItRunsNotFromACopy() {
		assertThat(stateMachine.heartbeat()).as("this test's copy declares HeartbeatSeconds 3; the declaration, 60")
			.contains(Duration.ofSeconds(3));
	}

	@Test
	void isHealthyWhileItsListenersRun() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health"))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status": "UP", "components": {"sqsListeners": {"status": "UP"}}}
					""");
	}

	@Test
	void documentsItsApi() {
		assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.paths")
			.asMap()
			.containsKey("/api/shipments");
	}

	/**
	 * What the calling thread holds: a transaction (and with it a connection), the order's row lock, its shipments'
	 * (another transaction tries to take them, without waiting).
	 */
	private String heldBy(UUID orderId) {
		List<String> held = new ArrayList<>();
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			held.add("a transaction");
		}
		if (!lockable("select order_id from fulfillment where order_id = :id for update nowait", orderId)) {
			held.add("the order's row lock");
		}
		if (!lockable("select id from shipment where order_id = :id for update nowait", orderId)) {
			held.add("a shipment's row lock");
		}
		return held.isEmpty() ? "nothing" : String.join(", ", held);
	}

	private boolean lockable(String lockingQuery, UUID orderId) {
		try {
			aTransactionOfItsOwn
				.executeWithoutResult(status -> jdbc.sql(lockingQuery).param("id", orderId).query(UUID.class).list());
			return true;
		}
		catch (DataAccessException ex) {
			// 55P03, lock_not_available: Spring leaves it uncategorized.
			if (ex.getMostSpecificCause() instanceof SQLException refused && "55P03".equals(refused.getSQLState())) {
				return false;
			}
			throw ex;
		}
	}

	private static OrderLine line(String sku, int quantity) {
		return new OrderLine(sku, quantity, Money.of("10.00"));
	}

	private static StockReserved stockReserved(OrderLine... lines) {
		return new StockReserved(UUID.randomUUID(), UUID.randomUUID(), "customer-" + UUID.randomUUID(),
				List.of(lines), Instant.now());
	}

	/** Checkout's rejection of the order's payment: nothing authorised of its total. */
	private static PaymentRejected paymentRejected(StockReserved reserved) {
		Money total = reserved.lines().stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
		return new PaymentRejected(UUID.randomUUID(), reserved.orderId(), reserved.customerId(), UUID.randomUUID(),
				Money.of("0.00"), total, reserved.occurredAt());
	}

	private boolean inboxHas(UUID eventId) {
		return jdbc.sql("select count(*) from inbox_message where event_id = :id").param("id", eventId)
			.query(Integer.class)
			.single() > 0;
	}

	private static Shipment holding(String sku) {
		return argThat(shipment -> shipment != null
				&& shipment.getLines().stream().anyMatch(line -> line.sku().equals(sku)));
	}

	private String stateMachineArn() {
		return sfn.listStateMachines(request -> request.maxResults(100))
			.stateMachines()
			.stream()
			.filter(machine -> machine.name().equals(STATE_MACHINE))
			.findFirst()
			.orElseThrow()
			.stateMachineArn();
	}

	private java.util.Optional<String> executionStatus(UUID orderId) {
		return jdbc.sql("select execution_arn from fulfillment where order_id = :id and execution_arn is not null")
			.param("id", orderId)
			.query(String.class)
			.optional();
	}

	private DescribeExecutionResponse awaitExecutionEnds(UUID orderId) {
		String arn = await().atMost(TIMEOUT).until(() -> executionStatus(orderId), java.util.Optional::isPresent)
			.orElseThrow();
		return await().atMost(TIMEOUT)
			.until(() -> sfn.describeExecution(request -> request.executionArn(arn)),
					execution -> !"RUNNING".equals(execution.statusAsString()));
	}

	private List<HistoryEvent> history(String executionArn) {
		return sfn.getExecutionHistoryPaginator(request -> request.executionArn(executionArn))
			.events()
			.stream()
			.toList();
	}

	private static List<String> entered(List<HistoryEvent> history) {
		return history.stream()
			.filter(event -> event.stateEnteredEventDetails() != null)
			.map(event -> event.stateEnteredEventDetails().name())
			.toList();
	}

	private static int indexOfNth(List<HistoryEvent> history, HistoryEventType type, int nth) {
		int seen = 0;
		for (int i = 0; i < history.size(); i++) {
			if (history.get(i).type() == type && ++seen == nth) {
				return i;
			}
		}
		throw new AssertionError("No " + nth + ". " + type + " in " + history);
	}

	private String invoiceNumber(UUID orderId) {
		return jdbc.sql("select invoice_number from fulfillment where order_id = :id")
			.param("id", orderId)
			.query((row, number) -> row.getString(1))
			.list()
			.getFirst();
	}

	private boolean warehouseReleased(UUID orderId) {
		return jdbc.sql("select warehouse_released_at is not null from fulfillment where order_id = :id")
			.param("id", orderId)
			.query(Boolean.class)
			.single();
	}

	private String fulfillmentStatus(UUID orderId) {
		return jdbc.sql("select status from fulfillment where order_id = :id").param("id", orderId).query(String.class)
			.single();
	}

	private List<String> shipmentStatuses(UUID orderId) {
		return jdbc.sql("select status from shipment where order_id = :id").param("id", orderId).query(String.class)
			.list();
	}

	private List<String> eventsInOutbox(UUID orderId) {
		return jdbc.sql("""
				select event_type from outbox_message where cast(payload as jsonb) ->> 'orderId' = :orderId
				""").param("orderId", orderId.toString()).query(String.class).list();
	}

	/** The order's event of that type, once it reached checkout's queue (which receives every order event). */
	private static <T extends OrderEvent> T awaitEvent(Class<T> type, UUID orderId) {
		return await().atMost(TIMEOUT)
			.until(() -> messaging.messagesOn(MessagingNames.CHECKOUT_QUEUE)
				.stream()
				.map(FulfillmentWorkflowIT::decode)
				.filter(event -> type.isInstance(event) && event.orderId().equals(orderId))
				.map(type::cast)
				.toList(), found -> found.size() == 1)
			.getFirst();
	}

	private static OrderEvent decode(Message message) {
		return codec.decode(message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue(),
				message.body());
	}
}
