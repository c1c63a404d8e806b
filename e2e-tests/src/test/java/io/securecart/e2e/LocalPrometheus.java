package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.securecart.provisioner.Alarm;
import io.securecart.provisioner.PrometheusConfiguration;
import io.securecart.testsupport.AuthServerLogin;
import io.securecart.testsupport.FreePorts;
import io.securecart.testsupport.RepositoryRoot;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * Prometheus from the machine's packages ({@code apt-get install prometheus}), as {@code ./securecart up} runs it:
 * the configuration and the alerting rules generated from the declared alarms, scraping the running services with
 * the {@code prometheus} client's token. Started by the first test that asks for it; stopped with the JVM.
 */
final class LocalPrometheus {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	private final Process process;

	private final RestClient api;

	private LocalPrometheus(Process process, int port) {
		this.process = process;
		this.api = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	static LocalPrometheus start(List<URI> services, URI authServer) {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException("Prometheus is not installed: apt-get install -y prometheus (.ci/run does)");
		}
		Path directory = RepositoryRoot.find().resolve("e2e-tests/target/e2e-prometheus");
		int port = FreePorts.next();
		try {
			deleteRecursively(directory);
			PrometheusConfiguration.write(directory, Alarm.declared(),
					services.stream().map(uri -> uri.getHost() + ":" + uri.getPort()).toList(),
					authServer.resolve("/oauth2/token"), AuthServerLogin.PROMETHEUS_CLIENT,
					AuthServerLogin.PROMETHEUS_CLIENT_SECRET);
			Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + PrometheusConfiguration.CONFIG,
					"--storage.tsdb.path=data", "--web.listen-address=127.0.0.1:" + port)
				.directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(RunningSystem.LOGS.resolve("prometheus.log").toFile())
				.start();
			LocalPrometheus prometheus = new LocalPrometheus(process, port);
			Runtime.getRuntime().addShutdownHook(new Thread(prometheus::stop, "securecart-e2e-prometheus-stop"));
			await("Prometheus ready (log: e2e-tests/target/e2e-logs/prometheus.log)").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptions()
				.failFast("Prometheus exited", () -> !process.isAlive())
				.until(() -> prometheus.api.get().uri("/-/ready").retrieve().toBodilessEntity().getStatusCode()
					.is2xxSuccessful());
			return prometheus;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The alerts Prometheus holds now (pending and firing), as its API lists them. */
	List<JsonNode> alerts() {
		JsonNode body = api.get().uri("/api/v1/alerts").retrieve().body(JsonNode.class);
		return body.path("data").path("alerts").valueStream().toList();
	}

	/** Whether {@code alarm} is firing for the element whose {@code label} is {@code value}. */
	boolean firing(String alarm, String label, String value) {
		return alerts().stream()
			.anyMatch(alert -> alert.path("labels").path("alertname").asString().equals(alarm)
					&& alert.path("labels").path(label).asString().equals(value)
					&& alert.path("state").asString().equals("firing"));
	}

	/** Whether {@code alarm} is pending or firing for that element. */
	boolean active(String alarm, String label, String value) {
		return alerts().stream()
			.anyMatch(alert -> alert.path("labels").path("alertname").asString().equals(alarm)
					&& alert.path("labels").path(label).asString().equals(value));
	}

	/** The value of an instant PromQL query that yields one sample, or NaN when it yields none. */
	double value(String query) {
		JsonNode body = api.get().uri(uri -> uri.path("/api/v1/query").queryParam("query", "{query}").build(query))
			.retrieve()
			.body(JsonNode.class);
		JsonNode result = body.path("data").path("result");
		return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asString());
	}

	/** Every scrape target's health: a service Prometheus cannot scrape (or is refused by) would hide its alarms. */
	List<String> unhealthyTargets() {
		JsonNode body = api.get().uri("/api/v1/targets").retrieve().body(JsonNode.class);
		return body.path("data")
			.path("activeTargets")
			.valueStream()
			.filter(target -> !target.path("health").asString().equals("up"))
			.map(target -> target.path("scrapeUrl").asString() + ": " + target.path("health").asString() + " "
					+ target.path("lastError").asString())
			.toList();
	}

	void stop() {
		process.destroy();
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}
}
