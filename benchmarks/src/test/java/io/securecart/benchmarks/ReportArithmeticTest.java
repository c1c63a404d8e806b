package io.securecart.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** How samples, timelines and counters become the figures of a report. */
class ReportArithmeticTest {

	@Test
	void aLoadPhaseCountsErrorsAndKeepsTheLatencyOfFailedAnswers() {
		List<Sample> samples = List.of(new Sample(0, 10, 202, Optional.of(UUID.randomUUID())),
				new Sample(100, 20, 202, Optional.of(UUID.randomUUID())), new Sample(200, 9000, 503, Optional.empty()),
				new Sample(300, 30, 0, Optional.empty()));

		LatencySummary summary = LatencySummary.of(samples, 202, 2);

		assertThat(summary.requests()).isEqualTo(4);
		assertThat(summary.succeeded()).isEqualTo(2);
		assertThat(summary.errorPercent()).isEqualTo(50);
		assertThat(summary.maxMs()).isEqualTo(9000);
		assertThat(summary.p50Ms()).isEqualTo(20);
		assertThat(summary.succeededPerSecond()).isEqualTo(1);
	}

	@Test
	void aHopsTimesAreTheMeansOfWhatHappenedBetweenTwoSnapshots() {
		var before = Map.of("fulfillment", Map.of("fulfillment-tasks",
				new ListenerTimes.Hop(new ListenerTimes.Totals(100, 5_000), new ListenerTimes.Totals(100, 9_000)),
				"fulfillment-order-events",
				new ListenerTimes.Hop(new ListenerTimes.Totals(20, 400), new ListenerTimes.Totals(20, 600))));
		var after = Map.of("fulfillment", Map.of("fulfillment-tasks",
				new ListenerTimes.Hop(new ListenerTimes.Totals(150, 35_000), new ListenerTimes.Totals(148, 13_800)),
				"fulfillment-order-events",
				new ListenerTimes.Hop(new ListenerTimes.Totals(20, 400), new ListenerTimes.Totals(20, 600))));

		var hops = ListenerTimes.difference(before, after);

		assertThat(hops.get("fulfillment")).containsOnlyKeys("fulfillment-tasks");
		assertThat(hops.get("fulfillment").get("fulfillment-tasks"))
			.isEqualTo(new ListenerTimes.HopTimes(50, 600, 100));
	}

	@Test
	void aServiceRestartedBetweenSnapshotsCountsAllItTimedSinceItsStart() {
		var before = Map.of("payment", Map.of("orders.fifo",
				new ListenerTimes.Hop(new ListenerTimes.Totals(500, 50_000), new ListenerTimes.Totals(500, 10_000))));
		var after = Map.of("payment", Map.of("orders.fifo",
				new ListenerTimes.Hop(new ListenerTimes.Totals(10, 300), new ListenerTimes.Totals(10, 200))));

		assertThat(ListenerTimes.difference(before, after).get("payment").get("orders.fifo"))
			.isEqualTo(new ListenerTimes.HopTimes(10, 30, 20));
	}

	@Test
	void samplesSurviveTheirCsvFile(@TempDir Path directory) {
		List<Sample> samples = List.of(new Sample(1763700000000L, 12, 202, Optional.of(UUID.randomUUID())),
				new Sample(1763700000100L, 3, 503, Optional.empty()));
		Path file = directory.resolve("samples.csv");

		Sample.write(file, samples);

		assertThat(Sample.read(file)).containsExactlyElementsOf(samples);
	}

	@Test
	void anOrdersEndIsTheEventThatEndedIt() {
		JsonNode shipped = Json.MAPPER.readTree("""
				{"id": "0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11", "status": "SHIPPED", "cancellationReason": null,
				 "timeline": [{"event": "OrderPlaced", "at": "2026-11-21T10:00:00Z"},
				              {"event": "PaymentAuthorized", "at": "2026-11-21T10:00:00.100Z"},
				              {"event": "OrderShipped", "at": "2026-11-21T10:00:00.450Z"}]}
				""");
		JsonNode refunded = Json.MAPPER.readTree("""
				{"id": "0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a12", "status": "CANCELLED",
				 "cancellationReason": "OUT_OF_STOCK",
				 "timeline": [{"event": "OrderPlaced", "at": "2026-11-21T10:00:00Z"},
				              {"event": "StockRejected", "at": "2026-11-21T10:00:01Z"},
				              {"event": "PaymentRefunded", "at": "2026-11-21T10:00:02Z"}]}
				""");
		JsonNode placed = Json.MAPPER.readTree("""
				{"id": "0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a13", "status": "PLACED",
				 "timeline": [{"event": "OrderPlaced", "at": "2026-11-21T10:00:00Z"}]}
				""");

		assertThat(OrderOutcome.of(shipped).endToEnd()).hasValue(Duration.ofMillis(450));
		assertThat(OrderOutcome.of(refunded).terminalAt()).hasValue(Instant.parse("2026-11-21T10:00:01Z"));
		assertThat(OrderOutcome.of(placed).terminal()).isFalse();
	}

	@Test
	void thePipelinesThroughputRunsFromTheFirstOrderPlacedToTheLastFinished() {
		Instant start = Instant.parse("2026-11-21T10:00:00Z");
		List<OrderOutcome> outcomes = List.of(
				new OrderOutcome(UUID.randomUUID(), "SHIPPED", start, Optional.of(start.plusMillis(500))),
				new OrderOutcome(UUID.randomUUID(), "SHIPPED", start.plusSeconds(1),
						Optional.of(start.plusMillis(1500))),
				new OrderOutcome(UUID.randomUUID(), "SHIPPED", start.plusSeconds(1), Optional.of(start.plusSeconds(2))),
				new OrderOutcome(UUID.randomUUID(), "PLACED", start.plusSeconds(1), Optional.empty()));

		Pipeline pipeline = Pipeline.of(outcomes);

		assertThat(pipeline.orders()).isEqualTo(4);
		assertThat(pipeline.finished()).isEqualTo(3);
		assertThat(pipeline.ordersPerSecond()).isEqualTo(1.5);
		assertThat(pipeline.endToEndP50Ms()).isEqualTo(500);
		assertThat(pipeline.endToEndP99Ms()).isEqualTo(1000);
	}

	@Test
	void everyOrderThatEndsInsideTheSteadyWindowSharesItsCosts() {
		Instant start = Instant.parse("2026-12-03T10:00:00Z");
		List<OrderOutcome> outcomes = List.of(
				new OrderOutcome(UUID.randomUUID(), "SHIPPED", start, Optional.of(start.plusMillis(300))),
				new OrderOutcome(UUID.randomUUID(), "SHIPPED", start, Optional.of(start.plusMillis(400))),
				new OrderOutcome(UUID.randomUUID(), "PLACED", start, Optional.empty()));
		Map<String, Map<String, Double>> aws = Map.of("fulfillment",
				Map.of("sqs:ReceiveMessage", 40.0, "sfn:SendTaskSuccess", 20.0));
		var before = Map.of("fulfillment", new Stack.ProcessSample(7, 10.0, 1.0, 300, 310));
		var after = Map.of("fulfillment", new Stack.ProcessSample(7, 10.4, 1.2, 320, 330));

		var machineBefore = new Stack.MachineSample(100, 400, 20,
				Map.of("fulfillment's connections", 3.0, "replication", 2.0), 30);
		var machineAfter = new Stack.MachineSample(101.6, 402, 20.8,
				Map.of("fulfillment's connections", 3.14, "replication", 2.04, "checkout's connections", 0.02), 30.12);

		SteadyScenario.Result result = SteadyScenario.Result.of(Profile.smoke(), List.of(), outcomes, 4, aws,
				Map.of(), before, after, machineBefore, machineAfter);

		assertThat(result.ordersInWindow()).as("checkout saw 4 end: 2 of the window's own, 2 placed before")
			.isEqualTo(4);
		assertThat(result.otherOrdersInWindow()).isEqualTo(2);
		assertThat(result.awsRequestsPerOrderTotal()).isEqualTo(15);
		assertThat(result.awsRequestsPerOrder()).containsExactly(Map.entry("fulfillment", 15.0));
		assertThat(result.footprint().get("fulfillment").cpuSecondsPer1000Orders()).isCloseTo(100, within(0.01));
		assertThat(result.pipeline().finished()).as("the window's latencies stay its own orders'").isEqualTo(2);
		assertThat(result.machine().busyPercent()).as("1.6 of 2 CPU-seconds busy").isCloseTo(80, within(0.01));
		assertThat(result.machine().emulatorCpuSecondsPer1000Orders()).isCloseTo(200, within(0.01));
		assertThat(result.machine().postgresCpuSecondsPer1000Orders()).isCloseTo(50, within(0.01));
		assertThat(result.machine().postgresCpuSecondsPer1000OrdersByRole())
			.as("each role's share, the largest first; a connection opened inside the window counts from 0")
			.containsExactly(Map.entry("fulfillment's connections", 35.0), Map.entry("replication", 10.0),
					Map.entry("checkout's connections", 5.0));
		assertThat(result.machine().loadGeneratorCpuSecondsPer1000Orders()).isCloseTo(30, within(0.01));
		assertThat(result.machine().restCpuSecondsPer1000Orders())
			.as("busy 1.6 s less the service's 0.4, the emulator's 0.8, PostgreSQL's 0.2 and the benchmark's 0.12,"
					+ " per 4 orders")
			.isCloseTo(20, within(0.01));
		assertThat(SteadyScenario.Result.of(Profile.smoke(), List.of(), outcomes, 0, aws, Map.of(), before, after,
				machineBefore, machineAfter)
			.ordersInWindow()).as("checkout restarted: its count began again").isEqualTo(2);
	}

	@Test
	void requestCountsOfAServiceThatRestartedStartOver() {
		Map<String, Map<String, Double>> before = Map.of("checkout", Map.of("sqs:ReceiveMessage", 100.0), "payment",
				Map.of("sqs:ReceiveMessage", 500.0, "sns:Publish", 40.0));
		Map<String, Map<String, Double>> after = Map.of("checkout", Map.of("sqs:ReceiveMessage", 130.0), "payment",
				Map.of("sqs:ReceiveMessage", 20.0, "sns:Publish", 45.0));

		Map<String, Map<String, Double>> difference = AwsRequests.difference(before, after);

		assertThat(difference.get("checkout")).containsExactly(Map.entry("sqs:ReceiveMessage", 30.0));
		assertThat(difference.get("payment")).as("restarted: everything since its start")
			.containsOnly(Map.entry("sqs:ReceiveMessage", 20.0), Map.entry("sns:Publish", 45.0));
		assertThat(AwsRequests.totalOf(difference, "sqs")).isEqualTo(50);
	}

	@Test
	void theCeilingIsOneOverTheEmulatorsTimePerOrder() {
		// 6 SQS requests at 300/s take 20 ms, 3 publishes at 300/s 10 ms: 30 ms per order.
		assertThat(BrokerScenario.ceiling(6, 3, 300, 300)).isCloseTo(33.333, within(0.001));
		assertThat(BrokerScenario.ceiling(0, 0, 300, 300)).isNaN();
	}

	@Test
	void anOrdersCostIsSortedByWhatTheEmulatorHasARateFor() {
		Map<String, Map<String, Double>> requests = Map.of("checkout",
				Map.of("sqs:ReceiveMessage", 30.0, "eventbridge:PutEvents", 10.0), "fulfillment",
				Map.of("sqs:DeleteMessageBatch", 10.0, "sns:PublishBatch", 5.0, "sfn:StartExecution", 10.0,
						"sfn:SendTaskSuccess", 50.0, "sfn:SendTaskHeartbeat", 2.0, "sfn:ListExecutions", 3.0),
				"inventory", Map.of("kinesis:GetRecords", 2.0));

		OrderCost cost = OrderCost.of(requests, 10);

		assertThat(cost).as("the task answers are inside the workflow rate; the rest is 'other'")
			.isEqualTo(new OrderCost(4, 0.5, 1, 1, 0.5));
	}

	@Test
	void theCeilingCountsTheWorkflowAtItsOwnRateWithoutItsWorkersQueueRequestsTwice() {
		// 2 workflows/s, the worker's 20 SQS requests each at 400/s are 50 of its 500 ms: 450 ms of its own.
		BrokerCapacity.Result raw = new BrokerCapacity.Result(400, 100, 200, 2, 20, 10);
		assertThat(raw.workflowSecondsOwn()).isCloseTo(0.45, within(1e-9));
		// 8 SQS + 2 other at 400/s = 25 ms, 1 publish at 100/s = 10 ms, 1 event at 200/s = 5 ms, 1 workflow 450 ms.
		assertThat(BrokerScenario.ceiling(new OrderCost(8, 1, 1, 1, 2), raw)).isCloseTo(1 / 0.49, within(1e-9));
		assertThat(BrokerScenario.workflowPercent(new OrderCost(8, 1, 1, 1, 2), raw)).isCloseTo(100 * 0.45 / 0.49,
				within(1e-9));
		assertThat(BrokerScenario.ceiling(new OrderCost(0, 0, 0, 0, 0), raw)).isNaN();
		assertThat(new BrokerCapacity.Result(400, 100, 200, Double.NaN, Double.NaN, 10).workflowSecondsOwn())
			.as("no workflow measured: no ceiling, rather than one without the workflow")
			.isNaN();
	}

	@Test
	void aShareOverTheCeilingSaysWhy() {
		assertThat(MarkdownReport.overTheCeiling(299.0)).hasValueSatisfying(why -> assertThat(why).contains("too short"));
		assertThat(MarkdownReport.overTheCeiling(93.0)).isEmpty();
		assertThat(MarkdownReport.overTheCeiling(null)).isEmpty();
	}

	@Test
	void figuresReadWithoutNeedlessDecimals() {
		assertThat(MarkdownReport.number(1234.0)).isEqualTo("1,234");
		assertThat(MarkdownReport.number(0.5)).isEqualTo("0.5");
		assertThat(MarkdownReport.number(Double.NaN)).isEqualTo("–");
		assertThat(MarkdownReport.number(null)).isEqualTo("–");
	}
}
