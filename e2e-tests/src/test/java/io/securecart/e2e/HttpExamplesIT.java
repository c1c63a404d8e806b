package io.securecart.e2e;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.e2e.HttpExamples.Header;
import io.securecart.e2e.HttpExamples.Request;
import io.securecart.testsupport.RepositoryRoot;
import io.securecart.testsupport.TestMessaging;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every example in {@code http/*.http}, run as a reader runs them: the files in the order they refer to each other,
 * each file's requests top to bottom, against the running system. An example answers what its title says: the status
 * it names, as {@code (400)} or {@code 404 application/problem+json}, with a problem+json body; otherwise a success.
 * An order an example places ends as its title says ({@code ends SHIPPED}, {@code ends CANCELLED (PAYMENT_DECLINED)}).
 * <p>
 * What a reader pastes in, the test fills: the services' addresses (the files' default ports), tokens (alice's is a
 * customer of this run's own, so no other test's orders or cart change an answer; ops is ops), the id of the last
 * order placed and of a dead-letter message listed. The system is asynchronous, so an example expected to succeed
 * that answers 404 or 409 (a fraud review not yet opened) is sent again until it succeeds, for up to a minute.
 * Before {@code dlq.http}, a copy of an event payment-service has already handled is put in its DLQ: redriven, it
 * finds nothing left to do (the order's payment is already refunded).
 */
class HttpExamplesIT {

	private static final Path EXAMPLES = RepositoryRoot.find().resolve("http");

	/** order-effects.http reads the order orders.http placed last; the rest stand alone. */
	private static final List<String> FILES = List.of("orders.http", "order-effects.http", "cart.http", "catalog.http",
			"fraud-screening.http", "dlq.http");

	/** The ports the files use, as {@code ./securecart up} and compose publish them. */
	private static final Map<Integer, Service> SERVICES_BY_PORT = Map.of(8080, Service.CHECKOUT, 8081,
			Service.PAYMENT, 8082, Service.FULFILLMENT, 8083, Service.NOTIFICATION, 8084, Service.INVENTORY);

	private static final Pattern SERVICE_ADDRESS = Pattern.compile("http://localhost:(\\d+)");

	private static final Pattern TOKEN_PLACEHOLDER = Pattern.compile("paste-the-output-of-securecart-token-(\\w+)");

	private static final Pattern VARIABLE_USE = Pattern.compile("\\{\\{([$\\w.-]+)}}");

	private static final Pattern PROMISED_END = Pattern.compile("ends (SHIPPED|CANCELLED)(?: \\((\\w+)\\))?");

	private static final Pattern ORDER_PLACED = Pattern.compile(".*/api/(orders|cart/checkout)$");

	private static final Pattern DEAD_LETTERS_LISTED = Pattern.compile(".*/api/admin/dlq/[^/]+/messages(\\?.*)?$");

	private static final Pattern PRODUCT_READ = Pattern.compile(".*/api/catalog/products/[^/?]+$");

	/** How long an example that answers "not yet" is sent again. */
	private static final Duration SETTLED = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RunningSystem system = RunningSystem.get();

	private final Shopper shopper = new Shopper(system);

	private final Databases databases = new Databases(system.infrastructure());

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** What the examples' answers set: {@code orderId}, {@code messageId}, {@code etag}. */
	private final Map<String, String> answered = new HashMap<>();

	/** The product read whose {@code ETag} is {@code etag}'s, to read again when a count against it gets a 412. */
	private @Nullable Request lastProductRead;

	/** Every order the examples placed. */
	private final List<String> placed = new ArrayList<>();

	/** The orders whose end their example's title promises, with that promise. */
	private final Map<String, Matcher> promisedEnds = new LinkedHashMap<>();

	@Test
	void everyExampleAnswersAsItsTitleSaysAndEveryOrderEndsAsPromised() throws IOException {
		try (Stream<Path> files = Files.list(EXAMPLES)) {
			assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".http")))
				.as("every example file is run here").containsExactlyInAnyOrderElementsOf(FILES);
		}
		String customer = system.newCustomer();
		SoftAssertions softly = new SoftAssertions();
		int run = 0;
		for (String file : FILES) {
			HttpExamples examples = HttpExamples.read(EXAMPLES.resolve(file));
			if (file.equals("dlq.http")) {
				putAHandledEventInTheDeadLetterQueueOf(examples.variables().get("queue"));
			}
			Map<String, String> variables = bind(examples.variables(), customer);
			for (Request example : examples.requests()) {
				Answer answer = run(example, variables);
				run++;
				String what = file + ", \"" + example.title() + "\" answered " + answer.status() + " " + answer.body();
				OptionalInt expected = example.expectedStatus();
				if (expected.isPresent()) {
					softly.assertThat(answer.status()).as(what).isEqualTo(expected.getAsInt());
					softly.assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
				}
				else {
					softly.assertThat(answer.status()).as(what).isBetween(200, 299);
					remember(example, answer);
				}
			}
		}
		softly.assertAll();
		assertThat(run).as("examples run").isGreaterThanOrEqualTo(40);
		assertThat(promisedEnds).as("orders whose end a title promises").hasSizeGreaterThanOrEqualTo(4);
		promisedEnds.forEach((orderId, promise) -> {
			JsonNode order = shopper.awaitTerminal(orderId);
			assertThat(order.path("status").asString()).as("order %s", orderId).isEqualTo(promise.group(1));
			if (promise.group(2) != null) {
				assertThat(order.path("cancellationReason").asString()).as("order %s", orderId)
					.isEqualTo(promise.group(2));
			}
		});
		// No later test may find these orders still moving.
		placed.forEach(shopper::awaitTerminal);
	}

	/** The file's variables with what a reader would paste: addresses of this run, tokens, earlier answers. */
	private Map<String, String> bind(Map<String, String> declared, String customer) {
		Map<String, String> bound = new HashMap<>();
		declared.forEach((name, value) -> {
			Matcher address = SERVICE_ADDRESS.matcher(value);
			Matcher token = TOKEN_PLACEHOLDER.matcher(value);
			if (address.matches()) {
				Service service = SERVICES_BY_PORT.get(Integer.parseInt(address.group(1)));
				assertThat(service).as("the service on port %s", address.group(1)).isNotNull();
				bound.put(name, system.baseUrl(service).toString());
			}
			else if (token.matches()) {
				String user = token.group(1);
				bound.put(name, system.token("alice".equals(user) ? customer : user));
			}
			else {
				bound.put(name, value);
			}
		});
		return bound;
	}

	private Answer run(Request example, Map<String, String> variables) {
		Answer first = send(example, variables);
		if (first.status() == 412 && example.expectedStatus().isEmpty() && lastProductRead != null) {
			return countedAgain(example, variables, first);
		}
		if (example.expectedStatus().isPresent() || (first.status() != 404 && first.status() != 409)) {
			return first;
		}
		AtomicReference<Answer> last = new AtomicReference<>(first);
		try {
			return await(example.title()).atMost(SETTLED)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					last.set(send(example, variables));
					return last.get();
				}, answer -> answer.status() / 100 == 2);
		}
		catch (ConditionTimeoutException stillNot) {
			return last.get();
		}
	}

	/**
	 * What catalog.http tells a reader to do with a 412: read the product again with the refusal's
	 * {@code Consistency-Token} (the read counted against may have come from the cache or the replica, older than the
	 * primary, and the run's orders reserve and ship the mug meanwhile), then count against the ETag it shows.
	 */
	private Answer countedAgain(Request count, Map<String, String> variables, Answer refused) {
		Answer answer = refused;
		for (int attempt = 1; attempt <= 3 && answer.status() == 412; attempt++) {
			List<Header> headers = new ArrayList<>(lastProductRead.headers());
			answer.header("Consistency-Token").ifPresent(token -> headers.add(new Header("Consistency-Token", token)));
			Request readAgain = new Request(lastProductRead.title(), "GET", lastProductRead.url(), headers,
					Optional.empty());
			remember(readAgain, send(readAgain, variables));
			answer = send(count, variables);
		}
		return answer;
	}

	private Answer send(Request example, Map<String, String> variables) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(resolve(example.url(), variables)))
			.timeout(Duration.ofSeconds(30))
			.method(example.method(), example.body()
				.map(body -> HttpRequest.BodyPublishers.ofString(resolve(body, variables)))
				.orElse(HttpRequest.BodyPublishers.noBody()));
		for (Header header : example.headers()) {
			request.header(header.name(), resolve(header.value(), variables));
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String resolve(String text, Map<String, String> variables) {
		Matcher use = VARIABLE_USE.matcher(text);
		StringBuilder resolved = new StringBuilder();
		while (use.find()) {
			String name = use.group(1);
			String value = name.equals("$uuid") ? UUID.randomUUID().toString()
					: answered.getOrDefault(name, variables.get(name));
			assertThat(value).as("{{%s}}: no variable of the file, nor an earlier answer, sets it", name)
				.isNotNull()
				.doesNotStartWith("paste-");
			use.appendReplacement(resolved, Matcher.quoteReplacement(value));
		}
		return use.appendTail(resolved).toString();
	}

	/**
	 * What a reader would copy from an answer into the next request: the order placed, a message listed, the version
	 * of a product read (its {@code ETag}, which a stock count sends back in {@code If-Match}).
	 */
	private void remember(Request example, Answer answer) {
		if (example.method().equals("GET") && PRODUCT_READ.matcher(example.url()).matches()) {
			answer.header("ETag").ifPresent(etag -> {
				answered.put("etag", etag);
				lastProductRead = example;
			});
		}
		if (example.method().equals("POST") && ORDER_PLACED.matcher(example.url()).matches()) {
			String orderId = JSON.readTree(answer.body()).path("id").asString();
			answered.put("orderId", orderId);
			placed.add(orderId);
			Matcher promise = PROMISED_END.matcher(example.title());
			if (promise.find()) {
				promisedEnds.put(orderId, promise);
			}
		}
		if (example.method().equals("GET") && DEAD_LETTERS_LISTED.matcher(example.url()).matches()) {
			JsonNode listed = JSON.readTree(answer.body());
			if (!listed.isEmpty()) {
				answered.put("messageId", listed.get(0).path("messageId").asString());
			}
		}
	}

	/**
	 * A StockRejected that payment-service has handled (orders.http's sold-out poster), put straight into the queue's
	 * DLQ, as if one delivery of it had failed five times: something for dlq.http to list and redrive.
	 */
	private void putAHandledEventInTheDeadLetterQueueOf(String queue) {
		OrderEventCodec codec = OrderEventCodec.standalone();
		OrderEvent handled = await("a StockRejected published and handled by payment").atMost(SETTLED)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> databases.of(Service.INVENTORY)
				.sql("""
						select event_type, payload from outbox_message
						where event_type = 'StockRejected' and published_at is not null
						order by published_at desc limit 1""")
				.query((rs, row) -> codec.decode(rs.getString(1), rs.getString(2)))
				.optional()
				.filter(event -> refunded(event.orderId()))
				.orElse(null), event -> event != null);
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			messaging.send(queue + "-dlq", handled);
		}
	}

	private boolean refunded(UUID orderId) {
		return databases.of(Service.PAYMENT)
			.sql("select count(*) from payment where order_id = :order and status = 'REFUNDED'")
			.param("order", orderId)
			.query(Long.class)
			.single() > 0;
	}

	private record Answer(int status, String contentType, HttpHeaders headers, String body) {

		Optional<String> header(String name) {
			return headers.firstValue(name);
		}
	}
}
