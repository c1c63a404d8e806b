package io.securecart.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack from nothing: {@code ./securecart up} with the jars already built, until every service is UP; then
 * each service's memory at rest. Whoever asked for it stops the stack again: this scenario on its own right away, a
 * whole run at its end.
 */
final class StartupScenario {

	private static final Logger log = LoggerFactory.getLogger(StartupScenario.class);

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");

	/** What infra/local/run-jar.sh says before it starts the JVM (ADR 19). */
	private static final Pattern TRAINED = Pattern.compile("run-jar\\.sh: startup cache of \\S+ made in ([0-9]+) s");

	private static final Pattern CACHE = Pattern.compile("run-jar\\.sh: \\S+ starts (with|without) [^\n]*");

	/** Restarted on its own once the stack is up, for the figure of one service's start with the machine quiet. */
	static final String ALONE = "inventory";

	/**
	 * @param upSeconds {@code ./securecart up} until all UP: PostgreSQL and the issuer, moto, the topology, then the
	 * five services and the console together
	 * @param springStartSeconds per service, what Spring Boot reported ("Started ... in N seconds")
	 * @param idleRssMb per service, resident memory once all were UP
	 * @param startupCache per service, whether it started with the JDK's startup cache ("yes"), had to make it first
	 * ("trained in N s", time included in the start), started without it and writes it when it stops ("no, written at
	 * its stop"), or started without ("no")
	 * @param alone {@link #ALONE} restarted on its own, the rest of the stack idle
	 */
	record Result(double upSeconds, Map<String, Double> springStartSeconds, Map<String, Double> idleRssMb,
			Map<String, String> startupCache, Alone alone) {
	}

	/**
	 * @param service the service restarted
	 * @param springStartSeconds what Spring Boot reported (NaN if its log does not say)
	 * @param upSeconds until {@code ./securecart up} saw it UP again, its checks of the rest included
	 */
	record Alone(String service, double springStartSeconds, double upSeconds) {
	}

	private final Stack stack;

	StartupScenario(Stack stack) {
		this.stack = stack;
	}

	Result run() {
		log.info("startup: the stack is down; ./securecart up (jars already built), timed");
		double up = SlowPaymentScenario.seconds(stack.up(Map.of()));
		Map<String, Double> rss = new LinkedHashMap<>();
		stack.processes().forEach((service, sample) -> rss.put(service, Stats.round(sample.rssMb())));
		Map<String, Double> started = new LinkedHashMap<>();
		Map<String, String> cache = new LinkedHashMap<>();
		for (String service : Stack.SERVICES) {
			String text = read(stack.root().resolve(".securecart/logs/" + service + ".log"));
			springStart(text).ifPresent(seconds -> started.put(service, seconds));
			cache.put(service, startupCache(text));
		}
		log.info("  all UP after {} s", up);
		log.info("startup: {}-service restarted on its own", ALONE);
		double again = SlowPaymentScenario.seconds(stack.restart(ALONE, Map.of()));
		double alone = springStart(read(stack.root().resolve(".securecart/logs/" + ALONE + ".log"))).orElse(Double.NaN);
		log.info("  Spring Boot start {} s; UP again after {} s", alone, again);
		return new Result(up, started, rss, cache, new Alone(ALONE, alone, again));
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static Optional<Double> springStart(String log) {
		Matcher matcher = STARTED.matcher(log);
		return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
	}

	static String startupCache(String log) {
		Matcher trained = TRAINED.matcher(log);
		if (trained.find()) {
			return "trained in " + trained.group(1) + " s";
		}
		Matcher cache = CACHE.matcher(log);
		if (!cache.find()) {
			return "?";
		}
		if (cache.group(1).equals("with")) {
			return "yes";
		}
		return cache.group().endsWith("writes it when it stops") ? "no, written at its stop" : "no";
	}
}
