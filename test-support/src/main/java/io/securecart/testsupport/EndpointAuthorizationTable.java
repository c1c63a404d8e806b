package io.securecart.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.SoftAssertions;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's authorization, as a table: for every endpoint its controllers really map (read from Spring MVC's
 * {@link RequestMappingHandlerMapping}), what each kind of caller gets. An endpoint the table does not name fails
 * the test, so a new endpoint cannot ship without someone deciding who may call it.
 *
 * <pre>
 * table.endpoint("GET /api/orders/{id}").request(GET, "/api/orders/" + alicesOrder)
 *      .expect(401, 200, 404, 200, 403);   // anonymous, owner, another customer, admin, service client
 * table.endpoint("GET /api/payments").request(GET, "/api/payments?orderId=" + alicesOrder)
 *      .expect(401, 200, 200, 200, 403)
 *      .emptyListFor(Caller.OTHER_CUSTOMER);   // a list leaves out what is not theirs
 * table.verify();
 * </pre>
 */
public final class EndpointAuthorizationTable {

	/**
	 * Who calls. The owner and the other customer are customers; the service client has client credentials; the
	 * metrics scraper (Prometheus, role METRICS) is tried only on the rows that say what it gets
	 * ({@link Row#metricsScraper}).
	 */
	public enum Caller {

		ANONYMOUS, OWNER, OTHER_CUSTOMER, ADMIN, SERVICE, METRICS_SCRAPER

	}

	/** Spring Boot's error page: the servlet container's, not an API anyone calls. */
	private static final Set<String> NOT_AN_API = Set.of("/error");

	/** Sends one request and answers what it got: through MockMvc, or over HTTP to a running server. */
	@FunctionalInterface
	public interface Exchange {

		Answer answer(HttpMethod method, String uri, Map<String, String> headers, String body) throws Exception;

	}

	/**
	 * What a request got. The body is kept so that a row can say a caller sees nothing: a status alone cannot tell
	 * an empty list from someone else's records.
	 * @param body as text, empty when there was none
	 */
	public record Answer(int status, String body) {
	}

	private final Exchange exchange;

	private final Set<String> mapped;

	private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

	private final Map<String, List<Row>> rows = new LinkedHashMap<>();

	private final List<Row> extraRows = new ArrayList<>();

	/**
	 * @param owner the customer who owns the fixtures the rows' URIs point at
	 * @param otherCustomer a customer who does not
	 * @param serviceClient the client id of the service client to try
	 */
	public EndpointAuthorizationTable(Exchange exchange, RequestMappingHandlerMapping mappings, String owner,
			String otherCustomer, String serviceClient) {
		this.exchange = exchange;
		this.mapped = endpointsOf(mappings);
		TestTokens issuer = TestTokens.shared();
		tokens.put(Caller.OWNER, issuer.customer(owner));
		tokens.put(Caller.OTHER_CUSTOMER, issuer.customer(otherCustomer));
		tokens.put(Caller.ADMIN, issuer.admin());
		tokens.put(Caller.SERVICE, issuer.service(serviceClient));
		tokens.put(Caller.METRICS_SCRAPER, issuer.bearer("prometheus", List.of("METRICS")));
	}

	/** {@code "METHOD /pattern"} for every mapped handler method, e.g. {@code "GET /api/orders/{id}"}. */
	public static Set<String> endpointsOf(RequestMappingHandlerMapping mappings) {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			Set<String> patterns = info.getPathPatternsCondition() != null
					? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
			var methods = info.getMethodsCondition().getMethods();
			for (String pattern : patterns) {
				if (NOT_AN_API.contains(pattern)) {
					continue;
				}
				if (methods.isEmpty()) {
					endpoints.add("ANY " + pattern);
				}
				methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
			}
		}
		return endpoints;
	}

	/** A row for a mapped endpoint ({@code "METHOD /pattern"}, as {@link #endpointsOf} names it). */
	public Row endpoint(String endpoint) {
		Row row = new Row(endpoint);
		rows.computeIfAbsent(endpoint, key -> new ArrayList<>()).add(row);
		return row;
	}

	/** A row for something outside Spring MVC's request mappings, such as an actuator endpoint. */
	public Row also(String description) {
		Row row = new Row(description);
		extraRows.add(row);
		return row;
	}

	/** An outbox row id that is never set aside: an admin's republish or discard of it is a 404 and moves nothing. */
	private static final String NO_SUCH_ROW = "00000000-0000-0000-0000-000000000000";

	/**
	 * The rows every service shares, because the platform maps them in each: API docs (public), the audit trail, the
	 * DLQ runbook, the outbox's set-aside rows and the listener switches (admins only), and the actuator (health
	 * public, metrics for admins, Prometheus' scrape for admins and the METRICS role;
	 * docs/adr/0007-metrics-and-alarms.md). The requests that would change something name a queue, listener or row
	 * that does not exist, so an admin gets 404 and nothing moves; republishing every set-aside row moves none, as a
	 * test's outbox has none.
	 * @param ownQueue one of the service's queues with a dead-letter queue
	 */
	public EndpointAuthorizationTable platformEndpoints(String ownQueue) {
		endpoint("GET /v3/api-docs").request(HttpMethod.GET, "/v3/api-docs").expect(200, 200, 200, 200, 200);
		endpoint("GET /v3/api-docs.yaml").request(HttpMethod.GET, "/v3/api-docs.yaml").expect(200, 200, 200, 200, 200);
		endpoint("GET /v3/api-docs/swagger-config").request(HttpMethod.GET, "/v3/api-docs/swagger-config")
			.expect(200, 200, 200, 200, 200);
		endpoint("GET /swagger-ui.html").request(HttpMethod.GET, "/swagger-ui.html").expect(302, 302, 302, 302, 302);
		endpoint("GET /api/admin/audit").request(HttpMethod.GET, "/api/admin/audit").expect(401, 403, 403, 200, 403);
		endpoint("GET /api/admin/dlq").request(HttpMethod.GET, "/api/admin/dlq")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(403);
		endpoint("GET /api/admin/dlq/{queue}/messages").request(HttpMethod.GET, "/api/admin/dlq/" + ownQueue + "/messages")
			.expect(401, 403, 403, 200, 403);
		endpoint("POST /api/admin/dlq/{queue}/redrive").request(HttpMethod.POST, "/api/admin/dlq/no-such-queue/redrive")
			.expect(401, 403, 403, 404, 403);
		endpoint("POST /api/admin/dlq/{queue}/messages/{messageId}/redrive")
			.request(HttpMethod.POST, "/api/admin/dlq/" + ownQueue + "/messages/no-such-message/redrive")
			.expect(401, 403, 403, 404, 403);
		endpoint("GET /api/admin/outbox/set-aside").request(HttpMethod.GET, "/api/admin/outbox/set-aside")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(403);
		endpoint("POST /api/admin/outbox/set-aside/{id}/republish")
			.request(HttpMethod.POST, "/api/admin/outbox/set-aside/" + NO_SUCH_ROW + "/republish")
			.expect(401, 403, 403, 404, 403);
		endpoint("POST /api/admin/outbox/set-aside/republish")
			.request(HttpMethod.POST, "/api/admin/outbox/set-aside/republish")
			.expect(401, 403, 403, 200, 403);
		endpoint("DELETE /api/admin/outbox/set-aside/{id}")
			.request(HttpMethod.DELETE, "/api/admin/outbox/set-aside/" + NO_SUCH_ROW)
			.expect(401, 403, 403, 404, 403);
		endpoint("GET /api/admin/listeners").request(HttpMethod.GET, "/api/admin/listeners")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(403);
		endpoint("POST /api/admin/listeners/{listenerId}/pause")
			.request(HttpMethod.POST, "/api/admin/listeners/no-such-listener/pause")
			.body("{\"reason\": \"authorization test\"}")
			.expect(401, 403, 403, 404, 403);
		endpoint("POST /api/admin/listeners/{listenerId}/resume")
			.request(HttpMethod.POST, "/api/admin/listeners/no-such-listener/resume")
			.expect(401, 403, 403, 404, 403);
		also("actuator metrics").request(HttpMethod.GET, "/actuator/metrics")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(403);
		also("actuator prometheus").request(HttpMethod.GET, "/actuator/prometheus")
			.expect(401, 403, 403, 200, 403)
			.metricsScraper(200);
		also("actuator health").request(HttpMethod.GET, "/actuator/health").expect(200, 200, 200, 200, 200);
		// What the load balancer reads (ADR 11): open to it without a token, as the whole health is.
		also("actuator health, traffic group").request(HttpMethod.GET, "/actuator/health/traffic")
			.expect(200, 200, 200, 200, 200);
		return this;
	}

	/** Every mapped endpoint has a row, every row a mapped endpoint, and every caller gets what the row says. */
	public void verify() {
		assertThat(rows.keySet()).as("endpoints in the table (left) vs endpoints the service maps").containsExactlyInAnyOrderElementsOf(mapped);
		SoftAssertions softly = new SoftAssertions();
		List<Row> all = new ArrayList<>();
		rows.values().forEach(all::addAll);
		all.addAll(extraRows);
		for (Row row : all) {
			assertThat(row.method).as("request of " + row.endpoint).isNotNull();
			assertThat(row.expected).as("what each caller gets at " + row.endpoint).containsKeys(Caller.ANONYMOUS,
					Caller.OWNER, Caller.OTHER_CUSTOMER, Caller.ADMIN, Caller.SERVICE);
			assertThat(row.expected.keySet()).as("callers who see nothing at " + row.endpoint)
				.containsAll(row.seeNothing);
			for (Caller caller : row.expected.keySet()) {
				int expected = row.expected.get(caller);
				Answer actual = perform(row, caller);
				softly.assertThat(actual.status()).as("%s %s as %s (%s)", row.method, row.uri, caller, row.endpoint)
					.isEqualTo(expected);
				if (row.seeNothing.contains(caller)) {
					softly.assertThat(actual.body())
						.as("%s %s as %s (%s): the body", row.method, row.uri, caller, row.endpoint)
						.isEqualToIgnoringWhitespace("[]");
				}
			}
		}
		softly.assertAll();
	}

	private Answer perform(Row row, Caller caller) {
		Map<String, String> headers = new LinkedHashMap<>();
		row.headers.forEach((name, value) -> headers.put(name, value.get()));
		if (tokens.containsKey(caller)) {
			headers.put(HttpHeaders.AUTHORIZATION, tokens.get(caller));
		}
		try {
			return exchange.answer(row.method, row.uri, headers, row.body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(row.method + " " + row.uri + " as " + caller, ex);
		}
	}

	/** Requests through a service's MockMvc (with its security filters). */
	public static Exchange mockMvc(MockMvc mvc) {
		return (method, uri, headers, body) -> {
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, uri)
				.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL);
			headers.forEach(request::header);
			if (body != null) {
				request.contentType(MediaType.APPLICATION_JSON).content(body);
			}
			var response = mvc.perform(request).andReturn().getResponse();
			return new Answer(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
		};
	}

	/** Requests over HTTP to a running server at {@code baseUrl}, redirects not followed. */
	public static Exchange http(String baseUrl) {
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		return (method, uri, headers, body) -> {
			java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(baseUrl + uri))
				.method(method.name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
						: java.net.http.HttpRequest.BodyPublishers.ofString(body))
				.header("Accept", "application/json, application/problem+json, */*");
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			headers.forEach(request::header);
			var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		};
	}

	/** What to send for one endpoint, and what each caller gets. */
	public static final class Row {

		private final String endpoint;

		private HttpMethod method;

		private String uri;

		private String body;

		private final Map<String, java.util.function.Supplier<String>> headers = new LinkedHashMap<>();

		private final Map<Caller, Integer> expected = new EnumMap<>(Caller.class);

		private final Set<Caller> seeNothing = EnumSet.noneOf(Caller.class);

		private Row(String endpoint) {
			this.endpoint = endpoint;
		}

		public Row request(HttpMethod method, String uri) {
			this.method = method;
			this.uri = uri;
			return this;
		}

		public Row body(String json) {
			this.body = json;
			return this;
		}

		public Row header(String name, String value) {
			headers.put(name, () -> value);
			return this;
		}

		/** A header with a new value on every request, such as an {@code Idempotency-Key}. */
		public Row header(String name, java.util.function.Supplier<String> value) {
			headers.put(name, value);
			return this;
		}

		/** The status each caller gets, in {@link Caller} order. */
		public Row expect(int anonymous, int owner, int otherCustomer, int admin, int service) {
			expected.put(Caller.ANONYMOUS, anonymous);
			expected.put(Caller.OWNER, owner);
			expected.put(Caller.OTHER_CUSTOMER, otherCustomer);
			expected.put(Caller.ADMIN, admin);
			expected.put(Caller.SERVICE, service);
			return this;
		}

		/**
		 * These callers get an empty JSON array too, besides the status {@link #expect} gives them: a list leaves out
		 * what is not the caller's, so another customer's order reads exactly as one nobody knows (a 404 for it, and
		 * an empty list for an unknown one, would tell that it exists).
		 */
		public Row emptyListFor(Caller... callers) {
			seeNothing.addAll(List.of(callers));
			return this;
		}

		/** What Prometheus' token (role METRICS: /actuator/prometheus and nothing else) gets here. */
		public Row metricsScraper(int status) {
			expected.put(Caller.METRICS_SCRAPER, status);
			return this;
		}
	}
}
