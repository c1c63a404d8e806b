package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small JSON-over-HTTP calls to the stack's REST APIs, with the JDK's client. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** HTTP/1.1, what the services speak: no HTTP/2 upgrade attempt on every first request. */
	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Every call of a run is the benchmark's admin's ({@link BenchUsers}); none until the run signed in. */
	private static volatile Supplier<String> bearerToken = () -> null;

	private Json() {
	}

	static void authorizeAs(Supplier<String> token) {
		bearerToken = token;
	}

	private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
		String token = bearerToken.get();
		return token == null ? request : request.header("Authorization", "Bearer " + token);
	}

	/** The JSON body of a 2xx answer, or empty for any other answer or none. */
	static Optional<JsonNode> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET(), DEFAULT_TIMEOUT);
	}

	/** A header of a 2xx answer to a GET. */
	static Optional<String> header(String url, String name) {
		try {
			HttpResponse<Void> response = HTTP.send(
					authorized(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofSeconds(10)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() / 100 == 2 ? response.headers().firstValue(name) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * The status and headers of the answer to a request with these headers (and {@code body} as JSON, unless null);
	 * status 0 when nothing answered.
	 */
	static Answer exchange(String method, String url, Map<String, String> headers, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::header);
		try {
			HttpResponse<Void> response = HTTP.send(authorized(request).timeout(DEFAULT_TIMEOUT).build(),
					HttpResponse.BodyHandlers.discarding());
			return new Answer(response.statusCode(), response.headers());
		}
		catch (IOException ex) {
			return new Answer(0, HttpHeaders.of(Map.of(), (name, value) -> true));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** An answer's status (0: none came) and headers. */
	record Answer(int status, HttpHeaders headers) {

		Optional<String> header(String name) {
			return headers.firstValue(name);
		}
	}

	static Optional<JsonNode> put(String url, Object body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))), DEFAULT_TIMEOUT);
	}

	static Optional<JsonNode> post(String url, Object body) {
		return post(url, body, DEFAULT_TIMEOUT);
	}

	/** For calls that may take longer than a read, like stopping a listener that waits for its messages in flight. */
	static Optional<JsonNode> post(String url, Object body, Duration timeout) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))), timeout);
	}

	private static Optional<JsonNode> send(HttpRequest.Builder request, Duration timeout) {
		try {
			HttpResponse<String> response = HTTP.send(authorized(request).timeout(timeout).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				return Optional.empty();
			}
			return Optional.of(MAPPER.readTree(response.body()));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** {@code value} as indented JSON into {@code file}. */
	static void write(Path file, Object value) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
	}
}
