package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Competing consumers (ADR 20): how fast the pipeline works off a backlog with one payment-service instance taking
 * {@code orders.fifo}, and with two. Both instances run throughout ({@code ./securecart up --scale payment=2}; the run
 * starts the second if it is not there, and stops it again afterwards), so the two conditions carry the same idle
 * JVMs; what changes is how many consume. Each drain: both instances' {@code orders} listeners paused (the consumer
 * switch), the backlog placed, then one or both resumed. Interleaved, one instance then two, {@code rounds} times,
 * with the load average before and after each drain. Not in the default set: {@code ./securecart bench scale}.
 */
final class ScaleScenario {

	private static final Logger log = LoggerFactory.getLogger(ScaleScenario.class);

	static final String SECOND = "payment-2";

	/** payment-service's listener of {@code orders.fifo} ({@code PaymentListeners.ORDERS}). */
	private static final String LISTENER = "orders";

	private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * @param round which interleaved round
	 * @param instances payment-service instances consuming {@code orders.fifo}
	 * @param orders placed while both were paused (accepted)
	 * @param finished of which finished
	 * @param drainSeconds from the resume to the last order finished
	 * @param ordersPerSecond finished orders over those seconds
	 * @param loadBefore the 1-minute load average when the drain started
	 * @param loadAfter and when it ended
	 */
	record Drain(int round, int instances, int orders, long finished, double drainSeconds, double ordersPerSecond,
			double loadBefore, double loadAfter) {
	}

	/**
	 * @param drains in the order they ran
	 * @param oneInstance mean orders per second with one instance
	 * @param twoInstances with two
	 * @param twoOverOne their ratio
	 * @param cores what the machine has, for both instances and everything else
	 */
	record Result(List<Drain> drains, double oneInstance, double twoInstances, double twoOverOne, int cores) {
	}

	private final Run run;

	private final Clock clock;

	ScaleScenario(Run run, Clock clock) {
		this.clock = clock;
		this.run = run;
	}

	Result run() {
		Stack stack = run.stack();
		boolean startedSecond = stack.pid(SECOND).isEmpty();
		if (startedSecond) {
			log.info("scale: starting {} (./securecart up with SECURECART_SCALE=payment=2)", SECOND);
			stack.up(Map.of("SECURECART_SCALE", "payment=2"));
		}
		int rounds = run.profile().name().equals("smoke") ? 1 : 2;
		List<Drain> drains = new ArrayList<>();
		try {
			for (int round = 1; round <= rounds; round++) {
				for (int instances = 1; instances <= 2; instances++) {
					drains.add(drain(round, instances));
				}
			}
		}
		finally {
			resume("payment");
			resume(SECOND);
			if (startedSecond) {
				stack.stop(SECOND);
			}
		}
		double one = mean(drains, 1);
		double two = mean(drains, 2);
		Result result = new Result(drains, one, two, Stats.round(Stats.ratio(two, one)),
				Runtime.getRuntime().availableProcessors());
		log.info("  scale: {} orders/s with one payment instance, {} with two (x{}), on {} cores", one, two,
				result.twoOverOne(), result.cores());
		write(result);
		return result;
	}

	private Drain drain(int round, int instances) {
		Profile profile = run.profile();
		int seconds = (int) Math.ceil(profile.backlogOrders() / profile.backlogRate());
		pause("payment");
		pause(SECOND);
		List<UUID> accepted = Run
			.accepted(run.placeOrders("scale-" + instances + "-" + round, profile.backlogRate(), seconds, false));
		double loadBefore = loadAverage();
		Instant resumed = clock.instant();
		resume("payment");
		if (instances == 2) {
			resume(SECOND);
		}
		List<Instant> finished = run.awaitFinished(accepted)
			.stream()
			.flatMap(outcome -> outcome.terminalAt().stream())
			.sorted()
			.toList();
		double loadAfter = loadAverage();
		resume(SECOND);
		double drainSeconds = finished.isEmpty() ? Double.NaN
				: (finished.getLast().toEpochMilli() - resumed.toEpochMilli()) / 1000.0;
		Drain drain = new Drain(round, instances, accepted.size(), finished.size(), Stats.round(drainSeconds),
				Stats.round(Stats.perSecond(finished.size(), drainSeconds)), loadBefore, loadAfter);
		log.info("  scale round {}: {} instance(s), {} of {} finished in {} s: {} orders/s (load {} -> {})", round,
				instances, drain.finished(), drain.orders(), drain.drainSeconds(), drain.ordersPerSecond(),
				loadBefore, loadAfter);
		return drain;
	}

	/**
	 * Waits for the stop: the container first finishes the messages it holds and their acknowledgements (Spring Cloud
	 * AWS's listener and acknowledgement shutdown timeouts, 20 s each), longer than a plain read's 10 s when the
	 * backlog of the drain before is not done.
	 */
	private void pause(String instance) {
		Json.post(run.stack().url(instance) + "/api/admin/listeners/" + LISTENER + "/pause",
				Map.of("reason", "bench scale: a backlog builds up"), PAUSE_TIMEOUT)
			.orElseThrow(() -> new IllegalStateException("could not pause " + instance + "'s listener " + LISTENER));
	}

	private void resume(String instance) {
		Json.post(run.stack().url(instance) + "/api/admin/listeners/" + LISTENER + "/resume", Map.of());
	}

	private static double mean(List<Drain> drains, int instances) {
		return Stats.round(drains.stream()
			.filter(drain -> drain.instances() == instances)
			.mapToDouble(Drain::ordersPerSecond)
			.average()
			.orElse(Double.NaN));
	}

	/** The 1-minute load average, as {@code uptime} shows it. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** {@code scale.json} and {@code scale.md} in the run's results. */
	private void write(Result result) {
		Json.write(run.results().resolve("scale.json"), result);
		StringBuilder markdown = new StringBuilder("""
				# Competing consumers: backlog drain with one and two payment-service instances

				| round | instances | orders | finished | drain (s) | orders/s | load before → after |
				|---|---|---|---|---|---|---|
				""");
		result.drains()
			.forEach(drain -> markdown.append("| %d | %d | %d | %d | %s | %s | %s → %s |%n".formatted(drain.round(),
					drain.instances(), drain.orders(), drain.finished(), drain.drainSeconds(),
					drain.ordersPerSecond(), drain.loadBefore(), drain.loadAfter())));
		markdown.append("%nMean: %s orders/s with one instance, %s with two (x%s), on %d cores.%n"
			.formatted(result.oneInstance(), result.twoInstances(), result.twoOverOne(), result.cores()));
		try {
			Files.writeString(run.results().resolve("scale.md"), markdown);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
