package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.securecart.testsupport.RepositoryRoot;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Zipkin the services of an e2e run send their spans to: the exec jar {@code ./securecart up} runs, started by the
 * same script ({@code infra/local/zipkin.sh}) in {@code target/zipkin}, where the build copied the jar. It starts
 * while the services do (about 20 s on one core), in memory, and stops with the run.
 */
final class TraceStore {

	private static final Path SCRIPT = RepositoryRoot.find().resolve("infra/local/zipkin.sh");

	private static final Path STATE = RepositoryRoot.find().resolve("e2e-tests/target/zipkin");

	private final int port;

	private Process starting;

	TraceStore(int port) {
		this.port = port;
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + port);
	}

	/** Where the services send spans. */
	String spansEndpoint() {
		return baseUrl() + "/api/v2/spans";
	}

	void startInBackground() {
		try {
			Files.createDirectories(STATE);
			starting = new ProcessBuilder(SCRIPT.toString(), "start", STATE.toString(), String.valueOf(port))
				.redirectErrorStream(true)
				.redirectOutput(STATE.resolve("start.out").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void awaitStarted() {
		try {
			if (!starting.waitFor(150, TimeUnit.SECONDS) || starting.exitValue() != 0) {
				throw new IllegalStateException("Zipkin did not start: "
						+ Files.readString(STATE.resolve("start.out"), StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	void stop() {
		try {
			new ProcessBuilder(SCRIPT.toString(), "stop", STATE.toString()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start()
				.waitFor(15, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Every trace with a span tagged {@code orderId}, as {@code ./securecart trace} reads them. */
	List<List<JsonNode>> tracesOf(String orderId) {
		URI uri = UriComponentsBuilder.fromUri(baseUrl())
			.path("/api/v2/traces")
			.queryParam("annotationQuery", "orderId=" + orderId)
			.queryParam("lookback", Duration.ofHours(2).toMillis())
			.queryParam("limit", 100)
			.build()
			.toUri();
		JsonNode traces = RestClient.create().get().uri(uri).retrieve().body(JsonNode.class);
		List<List<JsonNode>> result = new ArrayList<>();
		traces.forEach(trace -> {
			List<JsonNode> spans = new ArrayList<>();
			trace.forEach(spans::add);
			result.add(spans);
		});
		return result;
	}
}
