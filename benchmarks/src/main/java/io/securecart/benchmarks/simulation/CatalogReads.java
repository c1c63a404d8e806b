package io.securecart.benchmarks.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.securecart.benchmarks.Sample;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Catalog readers, as many as {@code bench.concurrency}, each asking for {@code bench.path} again as soon as it has
 * its answer, for {@code bench.duration} seconds: a closed model, so the result is how many reads per second the
 * catalog serves at that concurrency.
 * <p>
 * System properties: {@code bench.baseUrl} (inventory, default http://localhost:8084), {@code bench.path} (default
 * /api/catalog/products/SC-MUG-002), {@code bench.concurrency} (default 8), {@code bench.duration} (seconds, default
 * 10), {@code bench.warmUp} (seconds of reads before that, not recorded: the service's JIT warms up; default 3),
 * {@code bench.tokens} (a file of customers' access tokens, one per line: the readers read as the first; the catalog
 * answers signed-in callers only), {@code bench.samples} (where to write every request as CSV).
 */
public class CatalogReads extends Simulation {

	private final String baseUrl = System.getProperty("bench.baseUrl", "http://localhost:8084");

	private final String path = System.getProperty("bench.path", "/api/catalog/products/SC-MUG-002");

	private final int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "8"));

	private final Duration duration = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.duration", "10")));

	private final Duration warmUp = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.warmUp", "3")));

	/** When recording starts: after the warm-up, counted from the first reader's start. */
	private volatile long recordFrom = Long.MAX_VALUE;

	private final Path samplesFile = Path.of(System.getProperty("bench.samples", "target/gatling/catalog-samples.csv"));

	private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final String customerToken = firstLine(Path.of(System.getProperty("bench.tokens")));

	/**
	 * Without Gatling's HTTP cache: it would send a product read's {@code ETag} back in {@code If-None-Match} (ADR 41),
	 * and measure 304s, not reads.
	 */
	private final HttpProtocolBuilder inventory = http.baseUrl(baseUrl)
		.acceptHeader("application/json")
		.authorizationHeader("Bearer " + customerToken)
		.disableCaching()
		.shareConnections();

	private final ScenarioBuilder readers = scenario("readers")
		.exec(session -> {
			recordFrom = Math.min(recordFrom, System.currentTimeMillis() + warmUp.toMillis());
			return session;
		})
		.during(warmUp.plus(duration))
		.on(exec(session -> session.set("sentAt", System.currentTimeMillis()).remove("status").remove("latency"))
			.exec(http("GET " + path).get(path)
				.check(status().saveAs("status"), responseTimeInMillis().saveAs("latency"), status().is(200)))
			.exec(this::record));

	{
		setUp(readers.injectOpen(atOnceUsers(concurrency))).protocols(inventory);
	}

	private static String firstLine(Path file) {
		try {
			return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).findFirst().orElseThrow();
		}
		catch (IOException | NoSuchElementException ex) {
			throw new IllegalStateException("No customer token in " + file, ex);
		}
	}

	private Session record(Session session) {
		long sentAt = session.getLong("sentAt");
		if (sentAt < recordFrom) {
			return session;
		}
		long latency = session.contains("latency") ? session.getLong("latency")
				: System.currentTimeMillis() - sentAt;
		int status = session.contains("status") ? session.getInt("status") : 0;
		samples.add(new Sample(sentAt, latency, status, Optional.empty()));
		return session;
	}

	@Override
	public void after() {
		Sample.write(samplesFile, samples);
	}
}
