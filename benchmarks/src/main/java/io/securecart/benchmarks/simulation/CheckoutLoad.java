package io.securecart.benchmarks.simulation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.securecart.benchmarks.Sample;
import io.securecart.benchmarks.StartGate;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Shoppers placing orders at a constant rate: {@code POST /api/orders}, each as the next of the benchmark's signed-in
 * customers in turn (the customer is whoever the bearer token names; each one its own FIFO message group, as real
 * shoppers are), one item, a payment token the simulated gateway approves. An open model: orders arrive at the rate
 * whatever the answers take, so a slow checkout shows as latency, not as fewer orders.
 * <p>
 * System properties: {@code bench.baseUrl} (checkout, default http://localhost:8080), {@code bench.rate} (orders per
 * second, default 10), {@code bench.duration} (seconds, default 30), {@code bench.sku} (default SC-STICKER-004),
 * {@code bench.tokens} (a file with one customer's access token per line), {@code bench.samples} (where to write
 * every request as CSV), {@code bench.startGate} (if set, the load waits at this {@link StartGate} until the
 * benchmark opens it).
 */
public class CheckoutLoad extends Simulation {

	private final String baseUrl = System.getProperty("bench.baseUrl", "http://localhost:8080");

	private final double rate = Double.parseDouble(System.getProperty("bench.rate", "10"));

	private final Duration duration = Duration.ofSeconds(Long.parseLong(System.getProperty("bench.duration", "30")));

	private final String sku = System.getProperty("bench.sku", "SC-STICKER-004");

	private final List<String> customerTokens = readLines(Path.of(System.getProperty("bench.tokens")));

	private final Path samplesFile = Path
		.of(System.getProperty("bench.samples", "target/gatling/checkout-samples.csv"));

	private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final AtomicLong customers = new AtomicLong();

	private final HttpProtocolBuilder checkout = http.baseUrl(baseUrl)
		.contentTypeHeader("application/json")
		.acceptHeader("application/json")
		// One connection pool for all shoppers, as behind a gateway: the benchmark measures checkout, not TCP setup.
		.shareConnections();

	private final ScenarioBuilder shoppers = scenario("shoppers")
		.exec(session -> session
			.set("customerToken", customerTokens.get((int) (customers.getAndIncrement() % customerTokens.size())))
			.set("key", UUID.randomUUID().toString())
			.set("sentAt", System.currentTimeMillis()))
		.exec(http("POST /api/orders").post("/api/orders")
			.header("Idempotency-Key", "#{key}")
			.header("Authorization", "Bearer #{customerToken}")
			.body(StringBody("""
					{"items": [{"sku": "%s", "quantity": 1}], "paymentToken": "tok_visa"}
					""".formatted(sku)))
			// Saved first, so that they are there even when the last check fails the request.
			.check(status().saveAs("status"), responseTimeInMillis().saveAs("latency"),
					jsonPath("$.id").optional().saveAs("orderId"), status().is(202)))
		.exec(this::record);

	{
		setUp(shoppers.injectOpen(constantUsersPerSec(rate).during(duration))).protocols(checkout);
	}

	/** Waits at the start gate, if there is one: this JVM has started and the simulation is built. */
	@Override
	public void before() {
		String gate = System.getProperty("bench.startGate");
		if (gate != null) {
			new StartGate(Path.of(gate)).passThrough(Duration.ofHours(1));
		}
	}

	private Session record(Session session) {
		long sentAt = session.getLong("sentAt");
		long latency = session.contains("latency") ? session.getLong("latency")
				: System.currentTimeMillis() - sentAt;
		int status = session.contains("status") ? session.getInt("status") : 0;
		Optional<UUID> orderId = session.contains("orderId")
				? Optional.of(UUID.fromString(session.getString("orderId"))) : Optional.empty();
		samples.add(new Sample(sentAt, latency, status, orderId));
		return session;
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No customer tokens in " + file, ex);
		}
	}

	@Override
	public void after() {
		Sample.write(samplesFile, samples);
	}
}
