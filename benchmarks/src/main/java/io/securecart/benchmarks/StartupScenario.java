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

	/**
	 * @param upSeconds {@code ./securecart up} until all UP: PostgreSQL, moto, the topology, inventory, then the
	 * other four
	 * @param springStartSeconds per service, what Spring Boot reported ("Started ... in N seconds")
	 * @param idleRssMb per service, resident memory once all were UP
	 */
	record Result(double upSeconds, Map<String, Double> springStartSeconds, Map<String, Double> idleRssMb) {
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
		for (String service : Stack.SERVICES) {
			springStart(stack.root().resolve(".securecart/logs/" + service + ".log"))
				.ifPresent(seconds -> started.put(service, seconds));
		}
		log.info("  all UP after {} s", up);
		return new Result(up, started, rss);
	}

	private static Optional<Double> springStart(Path log) {
		try {
			Matcher matcher = STARTED.matcher(Files.readString(log));
			return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1)))
					: Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}
}
