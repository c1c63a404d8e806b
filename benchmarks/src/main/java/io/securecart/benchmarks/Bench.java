package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./securecart bench [smoke] [scenario...]}: runs the benchmark scenarios against the host stack and writes
 * {@code benchmarks/results/<timestamp>/summary.json} and {@code summary.md}; a run of the whole default set also
 * writes {@code benchmarks/results/latest.md}.
 * <p>
 * Scenarios: {@code steady}, {@code slow-payment}, {@code backlog}, {@code catalog}, {@code broker} (the default set,
 * in this order); {@code scale} (one payment-service instance against two, ADR 20) only when named. They run against the stack as it is; when it is down, the run starts it first (and times that:
 * {@code startup}) and stops it at the end. {@code startup} alone does only that. {@code smoke} runs each scenario
 * for a few seconds.
 */
public final class Bench {

	private static final Logger log = LoggerFactory.getLogger(Bench.class);

	static final List<String> DEFAULT_SET = List.of("steady", "slow-payment", "backlog", "catalog", "broker");

	/** The per-customer order limit of a stack the benchmark starts (checkout's application.yml). */
	private static final String ORDER_RATE_LIMIT = "SECURECART_ORDER_RATE_LIMIT";

	private Bench() {
	}

	public static void main(String[] args) {
		int status;
		try {
			status = run(args);
		}
		catch (RuntimeException ex) {
			log.error("bench failed: {}", ex.getMessage());
			log.debug("bench failed", ex);
			status = 1;
		}
		System.exit(status);
	}

	static int run(String[] args) {
		Profile profile = Profile.standard();
		Set<String> scenarios = new LinkedHashSet<>();
		for (String arg : args) {
			switch (arg) {
				case "smoke" -> profile = Profile.smoke();
				case "all" -> scenarios.addAll(DEFAULT_SET);
				case "steady", "slow-payment", "backlog", "catalog", "broker", "startup", "scale" -> scenarios.add(arg);
				default -> {
					log.error("unknown scenario '{}': choose from smoke, all, {}, startup, scale", arg,
							String.join(", ", DEFAULT_SET));
					return 2;
				}
			}
		}
		if (scenarios.isEmpty()) {
			scenarios.addAll(DEFAULT_SET);
		}
		try {
			profile = adjusted(profile, "SECURECART_BENCH_STEADY_RATE",
					(adjusting, value) -> adjusting.withSteadyRate(Double.parseDouble(value)));
			profile = adjusted(profile, "SECURECART_BENCH_STEADY_WARMUP",
					(adjusting, value) -> adjusting.withSteadyWarmUp(Integer.parseInt(value)));
			profile = adjusted(profile, "SECURECART_BENCH_BACKLOG_ORDERS",
					(adjusting, value) -> adjusting.withBacklogOrders(Integer.parseInt(value)));
		}
		catch (IllegalArgumentException ex) {
			log.error(ex.getMessage());
			return 2;
		}
		if (scenarios.contains("startup") && scenarios.size() > 1) {
			log.error("startup runs on its own: it needs the stack down, every other scenario needs it up");
			return 2;
		}
		Path root = Path.of(System.getenv().getOrDefault("SECURECART_ROOT", ".")).toAbsolutePath().normalize();
		Instant started = Instant.now();
		Path results = root.resolve("benchmarks/results")
			.resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started));
		Stack stack = new Stack(root, System.getenv(), results.resolve("logs"));
		String command = "./securecart bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
		List<String> notes = new ArrayList<>();

		boolean startupOnly = scenarios.contains("startup");
		if (startupOnly && !stack.isDown()) {
			log.error("startup times ./securecart up from nothing: stop the stack first (./securecart down)");
			return 2;
		}
		boolean startsTheStack = stack.isDown();
		BenchUsers users = new BenchUsers(URI.create(stack.url("auth")));
		stack.launchWith(users.stackVariables());
		// Checkout lets a customer place 30 orders a minute; the benchmark's 50 customers place far more (a
		// 10,000-order backlog is 200 each in 200 s, steady at 4x the rate 38 a minute each), and measure the
		// pipeline, not the limit.
		stack.launchWith(Map.of(ORDER_RATE_LIMIT, "100000"));
		Json.authorizeAs(users::adminToken);
		AtomicReference<StackRestorer> restorer = new AtomicReference<>();
		AtomicBoolean cleanedUp = new AtomicBoolean();
		Runnable cleanUp = () -> {
			if (!cleanedUp.compareAndSet(false, true)) {
				return;
			}
			ChildProcesses.stopAll();
			ChildProcesses.allowCleanUp();
			Optional.ofNullable(restorer.get()).ifPresent(StackRestorer::restore);
			if (startsTheStack) {
				log.info("bench: stopping the stack it started");
				stack.down();
			}
		};
		Thread hook = new Thread(cleanUp, "bench-clean-up");
		Runtime.getRuntime().addShutdownHook(hook);
		StartupScenario.Result startup = null;
		SteadyScenario.Result steady = null;
		SlowPaymentScenario.Result slowPayment = null;
		BacklogScenario.Result backlog = null;
		CatalogScenario.Result catalog = null;
		BrokerScenario.Result broker = null;
		try {
			if (startsTheStack) {
				startup = new StartupScenario(stack).run();
			}
			else {
				notes.add("startup not measured: the stack was up already (./securecart down first to include it)");
			}
			if (startupOnly) {
				return 0;
			}
			List<String> down = stack.notUp();
			if (!down.isEmpty()) {
				log.error("the stack is not up ({} not healthy): run ./securecart up first", String.join(", ", down));
				return 2;
			}
			Run run = new Run(stack, profile, results, users);
			restorer.set(new StackRestorer(run));
			log.info("bench: {} ({} profile); results in {}", String.join(", ", scenarios), profile.name(),
					root.relativize(results));
			restorer.get().prepare();
			if (scenarios.contains("steady")) {
				steady = new SteadyScenario(run).run();
			}
			if (scenarios.contains("slow-payment")) {
				slowPayment = new SlowPaymentScenario(run).run();
			}
			if (scenarios.contains("backlog")) {
				backlog = new BacklogScenario(run).run();
			}
			if (scenarios.contains("catalog")) {
				catalog = new CatalogScenario(run).run();
			}
			if (scenarios.contains("scale")) {
				// Competing consumers, one payment instance against two; its own scale.md (not in the default set).
				new ScaleScenario(run, Clock.systemUTC()).run();
			}
			if (scenarios.contains("broker")) {
				broker = new BrokerScenario(run).run(steady, backlog);
				if (steady == null) {
					notes.add("broker ran without steady: raw emulator capacity only, no requests per order");
				}
			}
			run.writeHtmlReports();
		}
		finally {
			cleanUp.run();
			removeHook(hook);
			if (startupOnly && startup != null) {
				write(root, results, new Summary(started, seconds(started), command, profile.name(),
						Machine.describe(), null, null, null, null, null, startup, notes), false);
			}
		}
		boolean theDefaultSet = scenarios.containsAll(DEFAULT_SET) && profile.name().equals("standard");
		write(root, results, new Summary(started, seconds(started), command, profile.name(), Machine.describe(),
				steady, slowPayment, backlog, catalog, broker, startup, notes), theDefaultSet);
		return 0;
	}

	/** The run's summary; {@code latest.md} too for a run of the whole default set (not smoke, not one scenario). */
	private static void write(Path root, Path results, Summary summary, boolean latest) {
		String markdown = MarkdownReport.of(summary);
		Json.write(results.resolve("summary.json"), summary);
		try {
			Files.writeString(results.resolve("summary.md"), markdown);
			if (latest) {
				Files.writeString(root.resolve("benchmarks/results/latest.md"), markdown);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		log.info("bench: done in {} s; {} (and summary.json){}", summary.seconds(),
				root.relativize(results.resolve("summary.md")), latest ? ", and benchmarks/results/latest.md" : "");
	}

	/** Not there any more once the JVM is shutting down: then the hook is the one cleaning up. */
	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			log.debug("shutting down: the clean-up hook runs");
		}
	}

	private static double seconds(Instant started) {
		return Stats.round((System.currentTimeMillis() - started.toEpochMilli()) / 1000.0);
	}

	/**
	 * The profile as the environment variable {@code variable} changes it, if it is set.
	 * @throws IllegalArgumentException naming the variable, if its value does not parse or is refused
	 */
	private static Profile adjusted(Profile profile, String variable, BiFunction<Profile, String, Profile> adjustment) {
		String value = System.getenv(variable);
		if (value == null || value.isBlank()) {
			return profile;
		}
		try {
			return adjustment.apply(profile, value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(variable + "=" + value + ": " + ex.getMessage(), ex);
		}
	}
}
