package io.securecart.testsupport;

import java.util.ArrayList;
import java.util.EnumMap;
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
 * </pre>
 */
public final class EndpointAuthorizationTable {

	/** Who calls. The owner and the other customer are customers; the service client has client credentials. */
	public enum Caller {

		ANONYMOUS, OWNER, OTHER_CUSTOMER, ADMIN, SERVICE

	}

	/** Spring Boot's error page: the servlet container's, not an API anyone calls. */
	private static final Set<String> NOT_AN_API = Set.of("/error");

	private final MockMvc mvc;

	private final Set<String> mapped;

	private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

	private final Map<String, List<Row>> rows = new LinkedHashMap<>();

	private final List<Row> extraRows = new ArrayList<>();

	/**
	 * @param owner the customer who owns the fixtures the rows' URIs point at
	 * @param otherCustomer a customer who does not
	 * @param serviceClient the client id of the service client to try
	 */
	public EndpointAuthorizationTable(MockMvc mvc, RequestMappingHandlerMapping mappings, String owner,
			String otherCustomer, String serviceClient) {
		this.mvc = mvc;
		this.mapped = endpointsOf(mappings);
		TestTokens issuer = TestTokens.shared();
		tokens.put(Caller.OWNER, issuer.customer(owner));
		tokens.put(Caller.OTHER_CUSTOMER, issuer.customer(otherCustomer));
		tokens.put(Caller.ADMIN, issuer.admin());
		tokens.put(Caller.SERVICE, issuer.service(serviceClient));
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

	/** Every mapped endpoint has a row, every row a mapped endpoint, and every caller gets what the row says. */
	public void verify() {
		assertThat(rows.keySet()).as("endpoints in the table (left) vs endpoints the service maps").containsExactlyInAnyOrderElementsOf(mapped);
		SoftAssertions softly = new SoftAssertions();
		List<Row> all = new ArrayList<>();
		rows.values().forEach(all::addAll);
		all.addAll(extraRows);
		for (Row row : all) {
			assertThat(row.method).as("request of " + row.endpoint).isNotNull();
			for (Caller caller : Caller.values()) {
				int expected = row.expected.get(caller);
				int actual = perform(row, caller);
				softly.assertThat(actual).as("%s %s as %s (%s)", row.method, row.uri, caller, row.endpoint)
					.isEqualTo(expected);
			}
		}
		softly.assertAll();
	}

	private int perform(Row row, Caller caller) {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(row.method, row.uri)
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL);
		row.headers.forEach(request::header);
		if (row.body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(row.body);
		}
		if (tokens.containsKey(caller)) {
			request.header(HttpHeaders.AUTHORIZATION, tokens.get(caller));
		}
		try {
			return mvc.perform(request).andReturn().getResponse().getStatus();
		}
		catch (Exception ex) {
			throw new IllegalStateException(row.method + " " + row.uri + " as " + caller, ex);
		}
	}

	/** What to send for one endpoint, and what each caller gets. */
	public static final class Row {

		private final String endpoint;

		private HttpMethod method;

		private String uri;

		private String body;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private final Map<Caller, Integer> expected = new EnumMap<>(Caller.class);

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
	}
}
