package io.securecart.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.securecart.benchmarks.simulation.CatalogReads;
import io.securecart.benchmarks.simulation.CheckoutLoad;

/** What every scenario of one benchmark run uses: the stack, Gatling, the order tracker and the profile. */
final class Run {

	/** What the benchmark orders buy: cheap, plentiful (topped up for the run, restored afterwards). */
	static final String SKU = "SC-STICKER-004";

	private final Stack stack;

	private final Profile profile;

	private final Path results;

	private final GatlingRunner gatling;

	private final OrderTracker tracker;

	private final AwsRequests awsRequests;

	private final ListenerTimes listenerTimes;

	/** The customers' tokens, one per line, signed in once for the whole run. */
	private final Path customerTokens;

	/**
	 * The environment of the services this run restarts: checkout's payment mode, inventory's replica switch. A
	 * name mapped to {@code null} is left unset.
	 */
	private final Map<String, String> variables = new HashMap<>();

	Run(Stack stack, Profile profile, Path results, BenchUsers users) {
		this.stack = stack;
		this.customerTokens = users.writeCustomerTokens();
		this.profile = profile;
		this.results = results;
		this.gatling = new GatlingRunner(results);
		this.tracker = new OrderTracker(stack.url("checkout"));
		this.awsRequests = new AwsRequests(stack);
		this.listenerTimes = new ListenerTimes(stack);
	}

	Stack stack() {
		return stack;
	}

	Profile profile() {
		return profile;
	}

	Path results() {
		return results;
	}

	AwsRequests awsRequests() {
		return awsRequests;
	}

	ListenerTimes listenerTimes() {
		return listenerTimes;
	}

	Optional<String> variable(String name) {
		return Optional.ofNullable(variables.get(name));
	}

	/** For the services restarted from now on; {@code null} unsets it. */
	void setVariable(String name, String value) {
		variables.put(name, value);
	}

	/** Stops the service and starts it again with this run's variables; how long until all were UP again. */
	Duration restart(String service) {
		return stack.restart(service, variables);
	}

	/** Starts what is not running, with this run's variables. */
	Duration startMissing() {
		return stack.up(variables);
	}

	/** A healthy gateway with this latency on every call. */
	void setGatewayLatency(Duration latency) {
		stack.setGateway(Map.of("latency", latency.toString(), "outage", false, "transientFailureRate", 0.0));
	}

	/** Places orders at {@code rate} per second for {@code seconds}, through {@link CheckoutLoad}. */
	List<Sample> placeOrders(String label, double rate, int seconds, boolean htmlReport) {
		return gatling.run(label, CheckoutLoad.class, checkoutLoad(rate, seconds), htmlReport);
	}

	/**
	 * The same load, its JVM started now and its orders held until {@link GatlingRunner.Prepared#start()}: a window
	 * measured from {@link GatlingRunner.Prepared#awaitReady()} does not pay for Gatling's start.
	 */
	GatlingRunner.Prepared prepareOrders(String label, double rate, int seconds, boolean htmlReport) {
		return gatling.prepare(label, CheckoutLoad.class, checkoutLoad(rate, seconds), htmlReport);
	}

	private Map<String, String> checkoutLoad(double rate, int seconds) {
		return Map.of("bench.baseUrl", stack.url("checkout"), "bench.rate", String.valueOf(rate), "bench.duration",
				String.valueOf(seconds), "bench.sku", SKU, "bench.tokens", customerTokens.toString());
	}

	/**
	 * Reads {@code path} from inventory with {@code concurrency} readers for {@code seconds}, after a warm-up that is
	 * not recorded, through {@link CatalogReads}.
	 */
	List<Sample> readCatalog(String label, String path, int concurrency, int seconds, int warmUpSeconds) {
		return gatling.run(label, CatalogReads.class,
				Map.of("bench.baseUrl", stack.url("inventory"), "bench.path", path, "bench.concurrency",
						String.valueOf(concurrency), "bench.duration", String.valueOf(seconds), "bench.warmUp",
						String.valueOf(warmUpSeconds), "bench.tokens", customerTokens.toString()),
				false);
	}

	/** Gatling's HTML reports of the runs that asked for one: once nothing is being measured. */
	void writeHtmlReports() {
		gatling.writeHtmlReports();
	}

	/**
	 * How many orders checkout has seen end, shipped or cancelled, since it started: its
	 * {@code securecart.order.completion} timer's count (0 before the first).
	 */
	double ordersEnded() {
		return Json.get(stack.url("checkout") + "/actuator/metrics/securecart.order.completion")
			.map(AwsRequests::count)
			.orElse(0.0);
	}

	static List<UUID> accepted(List<Sample> samples) {
		return samples.stream().filter(sample -> sample.ok(202)).flatMap(sample -> sample.orderId().stream()).toList();
	}

	List<OrderOutcome> awaitFinished(Collection<UUID> orders) {
		return tracker.awaitFinished(orders, profile.drainTimeout());
	}

	List<OrderOutcome> awaitFinished(Collection<UUID> orders, Duration timeout) {
		return tracker.awaitFinished(orders, timeout);
	}
}
