package io.securecart.benchmarks;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code summary.md}: the run for a reader. It leads with ratios measured within the run, which travel between
 * machines far better than absolute times; the tables follow.
 */
final class MarkdownReport {

	private final Summary summary;

	private final StringBuilder out = new StringBuilder();

	private MarkdownReport(Summary summary) {
		this.summary = summary;
	}

	static String of(Summary summary) {
		return new MarkdownReport(summary).render();
	}

	private String render() {
		line("# SecureCart benchmarks, " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
			.format(summary.startedAt().atOffset(ZoneOffset.UTC)));
		line();
		Machine machine = summary.machine();
		line("`" + summary.command() + "` (profile " + summary.profile() + ", " + duration(summary.seconds())
				+ ") on " + machine.cpus() + " CPUs (" + machine.cpuModel() + "), " + machine.memoryGb()
				+ " GB, " + machine.jdk() + ", " + machine.broker() + ". Gatling drives the load from the same"
				+ " machine.");
		line();
		headline();
		steady();
		slowPayment();
		backlog();
		broker();
		footprint();
		catalog();
		startup();
		if (summary.notes() != null && !summary.notes().isEmpty()) {
			line("## Notes");
			line();
			summary.notes().forEach(note -> line("- " + note));
			line();
		}
		return out.toString();
	}

	private void headline() {
		line("## In one run, as ratios");
		line();
		SlowPaymentScenario.Result slow = summary.slowPayment();
		if (slow != null) {
			for (SlowPaymentScenario.ModeResult mode : slow.modes()) {
				SlowPaymentScenario.Condition slowest = slowestGateway(mode);
				Optional<SlowPaymentScenario.Condition> stopped = condition(mode, SlowPaymentScenario.STOPPED);
				StringBuilder sentence = new StringBuilder("- **" + capitalised(mode.mode())
						+ "**: with the gateway at "
						+ slowest.gateway() + " per call, checkout's p99 is **x" + number(slowest.p99RatioToHealthy())
						+ "** what it is with a healthy gateway (" + number(slowest.checkout().p99Ms()) + " ms, "
						+ number(slowest.checkout().errorPercent()) + " % errors)");
				stopped.ifPresent(condition -> sentence.append("; with payment-service stopped, checkout accepts **")
					.append(number(100 - condition.checkout().errorPercent()))
					.append(" %** of orders (p99 x")
					.append(number(condition.p99RatioToHealthy()))
					.append(")"));
				sentence.append(". ")
					.append(mode.finishedAfterRecovery())
					.append(" of its ")
					.append(mode.accepted())
					.append(" accepted orders finished once payment was healthy again.");
				line(sentence.toString());
			}
		}
		BacklogScenario.Result backlog = summary.backlog();
		if (backlog != null) {
			line("- **Backlog**: " + backlog.accepted() + " orders queued while payment-service was stopped drained at "
					+ number(backlog.ordersPerSecond()) + " orders/s; the last tenth went at **x"
					+ number(backlog.lastToSecondRatio()) + "** the second tenth's rate (x"
					+ number(backlog.lastToFirstRatio()) + " the first's, which includes the warm-up).");
		}
		BrokerScenario.Result broker = summary.broker();
		if (broker != null && broker.requestsPerOrder() != null) {
			line("- **Broker**: in the " + broker.pipelineMeasuredBy() + " an order cost **"
					+ number(broker.requestsPerOrder()) + " AWS requests**; the pipeline reached **"
					+ number(broker.percentOfCeiling()) + " %** of what the emulator could serve at that cost ("
					+ number(broker.pipelineOrdersPerSecond()) + " of " + number(broker.ceilingOrdersPerSecond())
					+ " orders/s, its workflows included; " + number(broker.percentOfQueuesAndTopicsCeiling())
					+ " % of a ceiling from its queues and topics alone)."
					+ overTheCeiling(broker.percentOfCeiling()).map(why -> " Over 100 %: " + why + ".").orElse(""));
		}
		SteadyScenario.Result steady = summary.steady();
		if (steady != null) {
			line("- **Steady** at " + number(steady.rate()) + " orders/s: checkout answers in "
					+ number(steady.checkout().p50Ms()) + " ms (p50) / " + number(steady.checkout().p99Ms())
					+ " ms (p99); the order ships " + number(steady.pipeline().endToEndP50Ms()) + " ms (p50) / "
					+ number(steady.pipeline().endToEndP99Ms()) + " ms (p99) after it was placed, through "
					+ number(steady.awsRequestsPerOrderTotal()) + " AWS requests.");
		}
		CatalogScenario.Result catalog = summary.catalog();
		if (catalog != null && catalog.settings().size() == 2 && catalog.note() == null) {
			CatalogScenario.Setting on = catalog.settings().get(0);
			CatalogScenario.Setting off = catalog.settings().get(1);
			line("- **Catalog**: reads per second with every read on the primary, against reads on the replica: x"
					+ number(readRatio(off.search(), on.search()))
					+ " for a search, x"
					+ number(readRatio(off.bySku(), on.bySku()))
					+ " for a product by SKU (cached).");
		}
		line();
	}

	private void steady() {
		SteadyScenario.Result steady = summary.steady();
		if (steady == null) {
			return;
		}
		line("## Steady: " + number(steady.rate()) + " orders/s for " + steady.seconds() + " s");
		line();
		LatencySummary checkout = steady.checkout();
		Pipeline pipeline = steady.pipeline();
		table(List.of("", "value"),
				List.of(List.of("`POST /api/orders` p50 / p95 / p99", number(checkout.p50Ms()) + " / "
						+ number(checkout.p95Ms()) + " / " + number(checkout.p99Ms()) + " ms"),
						List.of("errors", number(checkout.errorPercent()) + " %"),
						List.of("accepted", number(checkout.succeededPerSecond()) + " orders/s"),
						List.of("placed → shipped p50 / p99",
								number(pipeline.endToEndP50Ms()) + " / " + number(pipeline.endToEndP99Ms()) + " ms"),
						List.of("finished (shipped)", pipeline.finished() + " of " + pipeline.orders() + " ("
								+ pipeline.shipped() + ")"),
						List.of("pipeline throughput", number(pipeline.ordersPerSecond()) + " orders/s")));
		if (steady.otherOrdersInWindow() > 0) {
			line();
			line("Besides its own, " + number(steady.otherOrdersInWindow()) + " orders placed before the window ended"
					+ " inside it (checkout's `securecart.order.completion`): the warm-up's, or orders an earlier run"
					+ " left half done. Their work is in the window's costs, so every figure per order counts them.");
		}
		if (steady.hops() != null && !steady.hops().isEmpty()) {
			line();
			line("Where the time goes, queue by queue: each message's wait from SQS's `SentTimestamp` until a listener"
					+ " took it, and the listener's time (`securecart.listener.queue.wait` and"
					+ " `securecart.listener.processing`, means over the steady scenario).");
			line();
			List<List<String>> rows = new ArrayList<>();
			steady.hops().forEach((service, queues) -> queues.forEach((queue, hop) -> rows.add(List.of(service,
					"`" + queue + "`", number(Stats.round(Stats.ratio(hop.messages(), steady.ordersInWindow()))),
					number(hop.meanWaitMs()) + " ms", number(hop.meanProcessingMs()) + " ms"))));
			table(List.of("service", "queue", "messages per order", "mean wait", "mean processing"), rows);
		}
	}

	private void slowPayment() {
		SlowPaymentScenario.Result slow = summary.slowPayment();
		if (slow == null) {
			return;
		}
		line("## Slow payment: checkout's latency while payment suffers");
		line();
		line(number(slow.rate()) + " orders/s for " + slow.seconds()
				+ " s per condition. Ratio: checkout's p99 over its p99 with a healthy gateway, same mode.");
		line();
		List<String> header = new ArrayList<>(List.of("gateway"));
		slow.modes().forEach(mode -> header.addAll(List.of(mode.mode() + " p50 / p99", "ratio", "errors")));
		List<List<String>> rows = new ArrayList<>();
		for (SlowPaymentScenario.Condition first : slow.modes().getFirst().conditions()) {
			List<String> row = new ArrayList<>(List.of(first.gateway()));
			for (SlowPaymentScenario.ModeResult mode : slow.modes()) {
				Optional<SlowPaymentScenario.Condition> condition = condition(mode, first.gateway());
				row.add(condition.map(c -> number(c.checkout().p50Ms()) + " / " + number(c.checkout().p99Ms()) + " ms")
					.orElse("–"));
				row.add(condition.map(c -> "x" + number(c.p99RatioToHealthy())).orElse("–"));
				row.add(condition.map(c -> number(c.checkout().errorPercent()) + " %").orElse("–"));
			}
			rows.add(row);
		}
		table(header, rows);
		if (!slow.restartSeconds().isEmpty()) {
			line("Restarts in this scenario (`./securecart up` until all UP): " + restarts(slow.restartSeconds())
					+ ".");
			line();
		}
	}

	private void backlog() {
		BacklogScenario.Result backlog = summary.backlog();
		if (backlog == null) {
			return;
		}
		line("## Backlog: " + backlog.orders() + " orders placed while payment-service was stopped");
		line();
		table(List.of("", "value"),
				List.of(List.of("accepted while payment was stopped", backlog.accepted() + " of " + backlog.orders()),
						List.of("payment-service restart (until UP)", number(backlog.paymentRestartSeconds()) + " s"),
						List.of("finished", backlog.finished() + " in " + number(backlog.drainSeconds()) + " s"),
						List.of("drain rate, overall", number(backlog.ordersPerSecond()) + " orders/s"),
						List.of("first tenth / last tenth", number(backlog.firstTenthPerSecond()) + " / "
								+ number(backlog.lastTenthPerSecond()) + " orders/s (x"
								+ number(backlog.lastToFirstRatio()) + ")"),
						List.of("last tenth ÷ second tenth", "x" + number(backlog.lastToSecondRatio())),
						List.of("each tenth, orders/s", backlog.tenthsPerSecond()
							.stream()
							.map(MarkdownReport::number)
							.collect(Collectors.joining(", "))),
						List.of("AWS requests per order while draining", number(backlog.awsRequestsPerOrder()) + " ("
								+ number(backlog.sqsRequestsPerOrder()) + " SQS, "
								+ number(backlog.snsRequestsPerOrder()) + " SNS)")));
		line("The first tenths include payment-service's warm-up: it has just started, with a cold JIT.");
		line();
	}

	private void broker() {
		BrokerScenario.Result broker = summary.broker();
		SteadyScenario.Result steady = summary.steady();
		if (broker == null && steady == null) {
			return;
		}
		line("## Broker efficiency: AWS requests per finished order");
		line();
		if (steady != null) {
			TreeSet<String> operations = new TreeSet<>();
			steady.awsRequests().values().forEach(byOperation -> operations.addAll(byOperation.keySet()));
			List<String> header = new ArrayList<>(List.of("service", "per order"));
			header.addAll(operations);
			List<List<String>> rows = new ArrayList<>();
			double finished = steady.ordersInWindow();
			steady.awsRequests().forEach((service, byOperation) -> {
				List<String> row = new ArrayList<>(
						List.of(service, number(steady.awsRequestsPerOrder().get(service))));
				operations.forEach(operation -> row.add(byOperation.containsKey(operation)
						? number(Stats.round(byOperation.get(operation) / finished)) : "–"));
				rows.add(row);
			});
			List<String> total = new ArrayList<>(
					List.of("**all**", "**" + number(steady.awsRequestsPerOrderTotal()) + "**"));
			operations.forEach(operation -> total.add(number(Stats.round(steady.awsRequests()
				.values()
				.stream()
				.mapToDouble(byOperation -> byOperation.getOrDefault(operation, 0.0))
				.sum() / finished))));
			rows.add(total);
			table(header, rows);
			line("Counted by each service's `securecart.aws.requests` counter over the steady scenario, idle long polls"
					+ " included, divided by the orders that ended inside the window. The ceiling: the emulator's time per order is"
					+ " its SQS requests over its raw SQS rate, its SNS publishes over its raw publish rate, its"
					+ " events over its raw PutEvents rate, and its fulfilment workflows over its raw workflow rate"
					+ " (less the worker's receives and deletes, counted with SQS); one over that is the most orders"
					+ " per second it could serve if it did nothing else.");
			line();
		}
		if (broker != null) {
			OrderCost cost = broker.cost();
			table(List.of("", "value"),
					List.of(List.of("emulator, raw SQS (send, receive, delete)",
							number(broker.sqsRequestsPerSecond()) + " requests/s"),
							List.of("emulator, raw SNS publish (to 2 queues)",
									number(broker.snsPublishesPerSecond()) + " publishes/s"),
							List.of("emulator, raw EventBridge PutEvents (no rule matched)",
									number(broker.putEventsPerSecond()) + " events/s"),
							List.of("emulator, raw fulfilment workflows (declared definition, tasks answered at once)",
									number(broker.workflowsPerSecond()) + " executions/s, "
											+ number(broker.workerSqsRequestsPerWorkflow())
											+ " SQS requests of its worker each"),
							List.of("AWS requests per order (" + broker.pipelineMeasuredBy() + ")",
									number(broker.requestsPerOrder())),
							List.of("of which SQS / SNS / PutEvents / executions / other", cost == null ? "–"
									: number(cost.sqs()) + " / " + number(cost.sns()) + " / "
											+ number(cost.putEvents()) + " / " + number(cost.executions()) + " / "
											+ number(cost.other())),
							List.of("ceiling at that cost per order", broker.ceilingOrdersPerSecond() == null ? "–"
									: number(broker.ceilingOrdersPerSecond()) + " orders/s, the workflow "
											+ number(broker.workflowPercentOfEmulatorTime())
											+ " % of the emulator's time per order"),
							List.of("pipeline, best in this run", broker.pipelineOrdersPerSecond() == null ? "–"
									: number(broker.pipelineOrdersPerSecond()) + " orders/s ("
											+ broker.pipelineMeasuredBy() + ")"),
							List.of("share of the ceiling", broker.percentOfCeiling() == null ? "–"
									: number(broker.percentOfCeiling()) + " %" + overTheCeiling(broker.percentOfCeiling())
										.map(why -> " (over the ceiling: " + why + ")")
										.orElse("")),
							List.of("ceiling from SQS and SNS alone (before 2026-12-02), share",
									broker.queuesAndTopicsCeiling() == null ? "–"
											: number(broker.queuesAndTopicsCeiling()) + " orders/s, "
													+ number(broker.percentOfQueuesAndTopicsCeiling()) + " %")));
		}
	}

	/** Why a share of the emulator's ceiling can exceed 100 %, when it does. */
	static Optional<String> overTheCeiling(Double percentOfCeiling) {
		return percentOfCeiling != null && percentOfCeiling > 100
				? Optional.of("a phase too short for a sustained rate, as the smoke profile's are")
				: Optional.empty();
	}

	private void footprint() {
		SteadyScenario.Result steady = summary.steady();
		if (steady == null) {
			return;
		}
		line("## Footprint");
		line();
		List<List<String>> rows = new ArrayList<>();
		steady.footprint().forEach((service, footprint) -> rows.add(List.of(service,
				number(footprint.cpuSecondsPer1000Orders()), number(footprint.jitCpuSecondsPer1000Orders()),
				number(footprint.rssMb()), number(footprint.peakRssMb()))));
		table(List.of("service", "CPU s per 1,000 orders", "of which the JIT compiling", "RSS MB", "peak RSS MB"),
				rows);
		line("CPU time is user + system from `/proc/<pid>/stat` over the steady scenario, the JIT's from its compiler"
				+ " threads in `/proc/<pid>/task`; RSS from `/proc/<pid>/status`. JVM flags: `./securecart`'s"
				+ " SECURECART_JAVA_OPTS.");
		line();
		SteadyScenario.MachineShare machine = steady.machine();
		if (machine == null) {
			return;
		}
		line("The rest of the machine over the same window, per 1,000 orders: is it the services, the emulator or the"
				+ " database that fills the CPUs?");
		line();
		table(List.of("", "CPU s per 1,000 orders"),
				List.of(List.of("the five services", number(steady.footprint()
					.values()
					.stream()
					.mapToDouble(SteadyScenario.Footprint::cpuSecondsPer1000Orders)
					.sum())),
						List.of("the emulator (moto: one Python process, one CPU at most)",
								number(machine.emulatorCpuSecondsPer1000Orders())),
						List.of("PostgreSQL, primary and replica", number(machine.postgresCpuSecondsPer1000Orders())),
						List.of("the benchmark itself (Gatling placing the orders, the run reading them back)",
								number(machine.loadGeneratorCpuSecondsPer1000Orders())),
						List.of("everything else (the authorization server, Prometheus, Zipkin, the console, the kernel)",
								number(machine.restCpuSecondsPer1000Orders())),
						List.of("**the machine's CPUs busy**", number(machine.busyPercent()) + " %")));
		line("From `/proc/stat` (the machine), the emulator's process, every `postgres` process (a backend that"
				+ " ended counts in its postmaster's children) and the benchmark's own JVM with the Gatling runs it"
				+ " waited for.");
		if (!machine.postgresCpuSecondsPer1000OrdersByRole().isEmpty()) {
			line();
			line("PostgreSQL's share by what its processes do, CPU s per 1,000 orders: "
					+ String.join("; ", machine.postgresCpuSecondsPer1000OrdersByRole()
						.entrySet()
						.stream()
						.map(role -> role.getKey() + " " + number(role.getValue()))
						.toList())
					+ ".");
		}
		line();
	}

	private void catalog() {
		CatalogScenario.Result catalog = summary.catalog();
		if (catalog == null) {
			return;
		}
		line("## Catalog reads: " + catalog.concurrency() + " concurrent readers, " + catalog.seconds() + " s each");
		line();
		List<List<String>> rows = new ArrayList<>();
		for (CatalogScenario.Setting setting : catalog.settings()) {
			rows.add(List.of(setting.replica(), setting.dataSource(),
					number(setting.bySku().succeededPerSecond()) + " (p99 " + number(setting.bySku().p99Ms()) + " ms)",
					number(setting.search().succeededPerSecond()) + " (p99 " + number(setting.search().p99Ms())
							+ " ms)"));
		}
		table(List.of("replica", "served by", "by SKU, reads/s", "search, reads/s"), rows);
		if (catalog.note() != null) {
			line("Note: " + catalog.note() + ".");
			line();
		}
	}

	private void startup() {
		StartupScenario.Result startup = summary.startup();
		if (startup == null) {
			return;
		}
		line("## Startup: `./securecart up` with built jars");
		line();
		line("All UP after **" + number(startup.upSeconds()) + " s**.");
		line();
		List<List<String>> rows = new ArrayList<>();
		startup.idleRssMb().forEach((service, rss) -> rows.add(List.of(service,
				number(startup.springStartSeconds().getOrDefault(service, Double.NaN)), number(rss),
				startup.startupCache().getOrDefault(service, "?"))));
		table(List.of("service", "Spring Boot start, s", "RSS at rest, MB", "startup cache (ADR 19)"), rows);
		StartupScenario.Alone alone = startup.alone();
		line("Then " + alone.service() + "-service restarted on its own, the rest idle: Spring Boot start **"
				+ number(alone.springStartSeconds()) + " s**, UP again after " + number(alone.upSeconds())
				+ " s (through `./securecart up`, which checks the rest of the stack and the topology first).");
		line();
	}

	private static SlowPaymentScenario.Condition slowestGateway(SlowPaymentScenario.ModeResult mode) {
		return mode.conditions()
			.stream()
			.filter(condition -> !condition.gateway().equals(SlowPaymentScenario.STOPPED))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	private static Optional<SlowPaymentScenario.Condition> condition(SlowPaymentScenario.ModeResult mode,
			String gateway) {
		return mode.conditions().stream().filter(condition -> condition.gateway().equals(gateway)).findFirst();
	}

	private static String restarts(Map<String, Double> restarts) {
		StringBuilder text = new StringBuilder();
		restarts.forEach((what, seconds) -> text.append(text.isEmpty() ? "" : ", ")
			.append(what)
			.append(" ")
			.append(number(seconds))
			.append(" s"));
		return text.toString();
	}

	private static double readRatio(LatencySummary off, LatencySummary on) {
		return Stats.round(Stats.ratio(off.succeededPerSecond(), on.succeededPerSecond()));
	}

	private static String duration(double seconds) {
		long whole = Math.round(seconds);
		return whole < 120 ? whole + " s" : whole / 60 + " min " + whole % 60 + " s";
	}

	private static String capitalised(String word) {
		return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
	}

	/** A figure for a reader: no needless decimals, a dash for what could not be measured. */
	static String number(Double value) {
		if (value == null || value.isNaN() || value.isInfinite()) {
			return "–";
		}
		double rounded = Stats.round(value);
		if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
			return String.format(Locale.ROOT, "%,d", (long) rounded);
		}
		return String.valueOf(rounded);
	}

	private void table(List<String> header, List<List<String>> rows) {
		line("| " + String.join(" | ", header) + " |");
		line("|" + "---|".repeat(header.size()));
		rows.forEach(row -> line("| " + String.join(" | ", row) + " |"));
		line();
	}

	private void line(String text) {
		out.append(text).append('\n');
	}

	private void line() {
		out.append('\n');
	}
}
