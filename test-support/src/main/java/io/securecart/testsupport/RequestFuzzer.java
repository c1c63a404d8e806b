package io.securecart.testsupport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tier: bad requests, generated from a seed, against every endpoint a service maps (read from Spring MVC's
 * {@link RequestMappingHandlerMapping}, so a new endpoint is fuzzed without anyone listing it), through the service's
 * real context and security filters. Malformed JSON, wrong types, fractions, huge numbers and strings, deep nesting,
 * unicode, fields a client may not set, bad UUIDs and path values, missing, forged, expired and foreign tokens.
 * <p>
 * It passes when no answer is a 5xx (or an exception), every 4xx is {@code application/problem+json} with a
 * SecureCart problem type, a request that must be refused is refused, and a refused request changed no row count.
 * {@code -Dfuzz.requests} is the total over the five services (default 1,000: 200 each); {@code -Dfuzz.seed}
 * reproduces a run. It prints {@code FUZZ SUMMARY ...}.
 */
public final class RequestFuzzer {

	private static final Logger log = LoggerFactory.getLogger(RequestFuzzer.class);

	/** The five services share {@code fuzz.requests}. */
	private static final int SERVICES = 5;

	private static final String PROBLEM_TYPE_BASE = "https://securecart.example/problems/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An example header value that the fuzzer replaces with a new UUID in every request (an Idempotency-Key). */
	public static final String FRESH_UUID = "{uuid}";

	/** Fields that name what only the server decides: a client that sends them is refused. */
	private static final List<String> FORBIDDEN_FIELDS = List.of("status", "total", "unitPrice", "id", "createdAt",
			"charged", "reviewer");

	private static final List<String> BAD_SCALARS = List.of("1.5", "-1", "0", "1e400", "99999999999999999999999",
			"-9223372036854775809", "true", "null", "\"\"", "\"not a number\"", "[]", "{}", "\"\\u0000\"",
			"\"%s\"".formatted("x".repeat(70_000)), "\"\u202Etok_visa\u0301\uD83D\uDE00\"", "\"' OR 1=1 --\"",
			"\"<script>alert(1)</script>\"", "\"../../etc/passwd\"", "NaN", "1.0E-400");

	private static final List<String> BAD_PATH_VALUES = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g",
			"x".repeat(3000), "%E2%80%AE%F0%9F%98%80", "%00", "..", "%2e%2e", "-1", "1.5", "%27%20OR%201=1",
			UUID.randomUUID().toString().toUpperCase(), "%2F", "%25", "a;b", "\u00e9t\u00e9");

	private final String service;

	private final MockMvc mvc;

	private final List<Endpoint> endpoints = new ArrayList<>();

	private final Map<String, Example> examples = new LinkedHashMap<>();

	private String customer = "fuzz-customer";

	private Supplier<Map<String, Long>> rows = Map::of;

	public RequestFuzzer(String service, WebApplicationContext context) {
		this.service = service;
		this.mvc = MockMvcBuilders.webAppContextSetup(context)
			.addFilters(context.getBean("springSecurityFilterChain", Filter.class))
			.build();
		RequestMappingHandlerMapping mappings = context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		Set<String> readingABody = endpointsReadingABody(mappings);
		for (String endpoint : EndpointAuthorizationTable.endpointsOf(mappings)) {
			String[] methodAndPattern = endpoint.split(" ", 2);
			String method = methodAndPattern[0].equals("ANY") ? "GET" : methodAndPattern[0];
			endpoints.add(new Endpoint(endpoint, HttpMethod.valueOf(method), methodAndPattern[1],
					readingABody.contains(endpoint)));
		}
	}

	/**
	 * The endpoints whose handler reads a request body ({@code @RequestBody}): only those can refuse an unreadable one.
	 * A command without a body (republish all set-aside rows) ignores whatever is sent, as HTTP allows.
	 */
	private static Set<String> endpointsReadingABody(RequestMappingHandlerMapping mappings) {
		Set<String> reading = new HashSet<>();
		mappings.getHandlerMethods().forEach((info, handler) -> {
			boolean readsBody = Arrays.stream(handler.getMethodParameters())
				.anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
			if (readsBody) {
				Set<String> patterns = info.getPathPatternsCondition() != null
						? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
				info.getMethodsCondition()
					.getMethods()
					.forEach(method -> patterns.forEach(pattern -> reading.add(method.name() + " " + pattern)));
			}
		});
		return reading;
	}

	/** A valid request of an endpoint ({@code "METHOD /pattern"}), which the fuzzer mutates. */
	public RequestFuzzer example(String endpoint, String uri, String body, Map<String, String> headers) {
		examples.put(endpoint, new Example(uri, body, headers));
		return this;
	}

	public RequestFuzzer example(String endpoint, String uri, String body) {
		return example(endpoint, uri, body, Map.of());
	}

	/** The customer whose token the fuzzer sends (admins get {@code ops}'s). */
	public RequestFuzzer customer(String subject) {
		this.customer = subject;
		return this;
	}

	/** Row counts a refused request must leave as they were: the service's tables and its outbox. */
	public RequestFuzzer rows(Supplier<Map<String, Long>> counts) {
		this.rows = counts;
		return this;
	}

	/** Sends this service's share of {@code fuzz.requests} and asserts the invariants. */
	public Summary run() {
		int requests = Math.max(1, Integer.getInteger("fuzz.requests", 1000) / SERVICES);
		long seed = Long.getLong("fuzz.seed", 20261130L);
		Random random = new Random(seed ^ service.hashCode());
		settle();
		Summary summary = new Summary(service, seed);
		long started = System.nanoTime();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			Case fuzzCase = next(random);
			boolean writes = fuzzCase.method != HttpMethod.GET;
			Map<String, Long> before = writes ? rows.get() : Map.of();
			MockHttpServletResponse response;
			long sent = System.nanoTime();
			try {
				response = perform(fuzzCase);
				summary.slowest(fuzzCase, Duration.ofNanos(System.nanoTime() - sent));
			}
			catch (Exception ex) {
				summary.count(500);
				failures.add("#%d %s: threw %s".formatted(i, fuzzCase, ex));
				continue;
			}
			int status = response.getStatus();
			summary.count(status);
			String failure;
			try {
				failure = check(fuzzCase, response);
			}
			catch (Exception unreadable) {
				failure = "answered %d with a body that is not JSON: %s".formatted(status, unreadable);
			}
			if (failure == null && writes && status >= 400 && !rows.get().equals(before)) {
				failure = "refused with %d but rows changed: %s -> %s".formatted(status, before, rows.get());
			}
			if (failure != null) {
				failures.add("#%d %s: %s".formatted(i, fuzzCase, failure));
			}
		}
		summary.took(Duration.ofNanos(System.nanoTime() - started));
		log.info("{}", summary);
		log.info("FUZZ slowest (ms): {}", summary.slowest);
		assertThat(failures).as("fuzz failures (reproduce with -Dfuzz.seed=%d -Dfuzz.requests=%d); %s", seed,
				requests * SERVICES, summary).isEmpty();
		return summary;
	}

	/** Waits until no listener is still writing (rows left by earlier tests' messages), so counts mean something. */
	private void settle() {
		Map<String, Long>[] last = new Map[] { rows.get() };
		org.awaitility.Awaitility.await("row counts stable for a second")
			.atMost(Duration.ofSeconds(60))
			.pollDelay(Duration.ofSeconds(1))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> {
				Map<String, Long> now = rows.get();
				boolean stable = now.equals(last[0]);
				last[0] = now;
				return stable;
			});
	}

	private MockHttpServletResponse perform(Case fuzzCase) throws Exception {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(fuzzCase.method, URI.create("http://localhost" + fuzzCase.uri))
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
		fuzzCase.headers.forEach(request::header);
		if (fuzzCase.body != null) {
			request.contentType(fuzzCase.contentType).content(fuzzCase.body.getBytes(StandardCharsets.UTF_8));
		}
		return mvc.perform(request).andReturn().getResponse();
	}

	/** The invariants of one answer, or null when it keeps them. */
	private static String check(Case fuzzCase, MockHttpServletResponse response) throws Exception {
		int status = response.getStatus();
		if (status >= 500) {
			return "answered " + status + ": " + response.getContentAsString();
		}
		if (fuzzCase.mustBeRefused && status < 400) {
			return "must be refused (%s) but answered %d".formatted(fuzzCase.why, status);
		}
		if (status < 400) {
			return null;
		}
		String contentType = response.getContentType();
		if (contentType == null || !MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
			return "answered %d as %s, not application/problem+json".formatted(status, contentType);
		}
		JsonNode problem = JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
		if (!problem.path("type").asString("").startsWith(PROBLEM_TYPE_BASE) || !problem.hasNonNull("title")
				|| problem.path("status").asInt() != status) {
			return "answered %d with a problem not of SecureCart's shape: %s".formatted(status, problem);
		}
		return null;
	}

	private Case next(Random random) {
		Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
		Example example = examples.getOrDefault(endpoint.name, endpoint.guess());
		Case fuzzCase = new Case(endpoint.method, example.uri, example.body, new LinkedHashMap<>(example.headers));
		fuzzCase.readsBody = endpoint.readsBody;
		boolean admin = endpoint.pattern.startsWith("/api/admin") || endpoint.method == HttpMethod.PUT
				|| random.nextInt(5) == 0;
		TestTokens issuer = TestTokens.shared();
		fuzzCase.headers.putIfAbsent(HttpHeaders.AUTHORIZATION, admin ? issuer.admin() : issuer.customer(customer));
		fuzzCase.headers.replaceAll((name, value) -> value.equals(FRESH_UUID) ? new UUID(random.nextLong(), random.nextLong()).toString() : value);
		switch (random.nextInt(10)) {
			case 0 -> badToken(fuzzCase, random, issuer);
			case 1, 2 -> badPath(fuzzCase, endpoint, random);
			case 3 -> badQuery(fuzzCase, random);
			case 4 -> badHeaders(fuzzCase, random);
			case 5 -> badContent(fuzzCase, random);
			default -> badBody(fuzzCase, random);
		}
		return fuzzCase;
	}

	private void badToken(Case fuzzCase, Random random, TestTokens issuer) {
		String valid = fuzzCase.headers.get(HttpHeaders.AUTHORIZATION);
		String[] parts = valid.substring(7).split("\\.");
		String forgedClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"sub\":\"ops\",\"roles\":[\"ADMIN\"],\"aud\":[\"securecart\"],\"iss\":\"%s\",\"exp\":%d}"
				.formatted(TestTokens.ISSUER, Instant.now().plusSeconds(600).getEpochSecond())
				.getBytes(StandardCharsets.UTF_8));
		String token = switch (random.nextInt(9)) {
			case 0 -> null;
			case 1 -> "Bearer " + parts[0] + "." + forgedClaims + "." + parts[2];
			case 2 -> "Bearer " + parts[0] + "." + forgedClaims + ".";
			case 3 -> "Bearer " + issuer.token(customer, List.of("ADMIN"), TestTokens.ISSUER, TestTokens.AUDIENCE,
					Instant.now().minus(Duration.ofMinutes(5)));
			case 4 -> "Bearer " + issuer.token("ops", List.of("ADMIN"), TestTokens.ISSUER, "another-audience",
					Instant.now().plus(Duration.ofMinutes(5)));
			case 5 -> "Bearer " + issuer.token("ops", List.of("ADMIN"), "http://evil.example", TestTokens.AUDIENCE,
					Instant.now().plus(Duration.ofMinutes(5)));
			case 6 -> "Basic " + Base64.getEncoder().encodeToString("ops:ops-demo-password".getBytes(StandardCharsets.UTF_8));
			case 7 -> "Bearer " + "A".repeat(20_000);
			default -> "Bearer not.a.jwt\u00e9";
		};
		if (token == null) {
			// Without a token, the public endpoints (OpenAPI, health) answer; the others say 401.
			fuzzCase.headers.remove(HttpHeaders.AUTHORIZATION);
		}
		else {
			fuzzCase.headers.put(HttpHeaders.AUTHORIZATION, token);
			if (token.startsWith("Bearer ")) {
				// A bearer token that does not verify is refused everywhere; another scheme is no token at all.
				fuzzCase.refuse("a forged, expired, foreign or malformed token");
			}
		}
	}

	private static void badPath(Case fuzzCase, Endpoint endpoint, Random random) {
		String value = BAD_PATH_VALUES.get(random.nextInt(BAD_PATH_VALUES.size()));
		if (endpoint.pattern.contains("{")) {
			fuzzCase.uri = endpoint.pattern.replaceAll("\\{[^}]+}", value);
		}
		else {
			fuzzCase.uri = fuzzCase.uri.replaceFirst("\\?.*$", "") + "/" + value;
		}
	}

	private static void badQuery(Case fuzzCase, Random random) {
		String value = BAD_PATH_VALUES.get(random.nextInt(BAD_PATH_VALUES.size()));
		String uri = fuzzCase.uri;
		if (uri.contains("=")) {
			fuzzCase.uri = uri.replaceAll("=[^&]*", "=" + value);
		}
		else {
			String name = List.of("orderId", "customerId", "page", "size", "max", "q").get(random.nextInt(6));
			fuzzCase.uri = uri + (uri.contains("?") ? "&" : "?") + name + "=" + value;
		}
		if (random.nextBoolean()) {
			fuzzCase.uri = fuzzCase.uri + "&size=" + value + "&page=" + value;
		}
	}

	private static void badHeaders(Case fuzzCase, Random random) {
		String value = switch (random.nextInt(4)) {
			case 0 -> "";
			case 1 -> "k".repeat(5_000);
			case 2 -> "\u00e9\u202E";
			default -> "0/ZZZZ";
		};
		for (String name : List.of("Idempotency-Key", "Consistency-Token")) {
			if (fuzzCase.headers.containsKey(name) || random.nextBoolean()) {
				fuzzCase.headers.put(name, value);
			}
		}
	}

	private static void badContent(Case fuzzCase, Random random) {
		fuzzCase.method = random.nextInt(3) == 0 ? HttpMethod.DELETE : fuzzCase.method;
		String body = fuzzCase.body == null ? "{}" : fuzzCase.body;
		switch (random.nextInt(8)) {
			case 0 -> fuzzCase.body = body.substring(0, body.length() / 2);
			case 1 -> fuzzCase.body = body + " trailing";
			case 2 -> fuzzCase.body = "[".repeat(5_000) + "]".repeat(5_000);
			case 3 -> fuzzCase.body = "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000);
			case 4 -> fuzzCase.body = "";
			case 5 -> {
				fuzzCase.body = "<order><total>0</total></order>";
				fuzzCase.contentType = MediaType.APPLICATION_XML;
			}
			case 6 -> {
				fuzzCase.body = body;
				fuzzCase.contentType = MediaType.TEXT_PLAIN;
			}
			default -> fuzzCase.body = "\uFEFF" + body.replace("\"", "'");
		}
		if (fuzzCase.readsBody && (fuzzCase.method == HttpMethod.POST || fuzzCase.method == HttpMethod.PUT)) {
			fuzzCase.refuse("unreadable body");
		}
	}

	private void badBody(Case fuzzCase, Random random) {
		if (fuzzCase.body == null || !fuzzCase.readsBody) {
			badQuery(fuzzCase, random);
			return;
		}
		JsonNode root = JSON.readTree(fuzzCase.body);
		List<JsonNode> containers = new ArrayList<>();
		collect(root, containers);
		JsonNode container = containers.get(random.nextInt(containers.size()));
		int what = random.nextInt(4);
		String forbidden = FORBIDDEN_FIELDS.get(random.nextInt(FORBIDDEN_FIELDS.size()));
		if (what == 0 && container instanceof ObjectNode object && !object.has(forbidden)) {
			String field = forbidden;
			object.put(field, random.nextBoolean() ? "0.00" : "SHIPPED");
			fuzzCase.refuse("sets '" + field + "'");
		}
		else if (what == 1 && container instanceof ObjectNode object && !object.isEmpty()) {
			String field = object.propertyNames().stream().toList().get(random.nextInt(object.size()));
			object.remove(field);
		}
		else if (container instanceof ObjectNode object && !object.isEmpty()) {
			String field = object.propertyNames().stream().toList().get(random.nextInt(object.size()));
			JsonNode old = object.get(field);
			String bad = BAD_SCALARS.get(random.nextInt(BAD_SCALARS.size()));
			if (old.isIntegralNumber() && bad.equals("1.5")) {
				fuzzCase.refuse("a fraction for the count '" + field + "'");
			}
			fuzzCase.body = null;
			object.set(field, JSON.readTree("\"@@BAD@@\""));
			fuzzCase.body = JSON.writeValueAsString(root).replace("\"@@BAD@@\"", bad);
			return;
		}
		else if (container instanceof ArrayNode array) {
			for (int i = 0; i < 1 + random.nextInt(2_000); i++) {
				array.add(array.isEmpty() ? JSON.readTree("{}") : array.get(0).deepCopy());
			}
		}
		fuzzCase.body = JSON.writeValueAsString(root);
	}

	private static void collect(JsonNode node, List<JsonNode> containers) {
		if (node.isContainer()) {
			containers.add(node);
			node.forEach(child -> collect(child, containers));
		}
	}

	/** A mapped endpoint. */
	private record Endpoint(String name, HttpMethod method, String pattern, boolean readsBody) {

		/** Without an example: a random UUID for each path variable, and an empty object as the body. */
		Example guess() {
			String uri = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
			boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
			return new Example(uri, hasBody ? "{}" : null, Map.of());
		}
	}

	private record Example(String uri, String body, Map<String, String> headers) {
	}

	/** One generated request, and whether it must be refused. */
	private static final class Case {

		HttpMethod method;

		String uri;

		String body;

		MediaType contentType = MediaType.APPLICATION_JSON;

		final Map<String, String> headers;

		boolean mustBeRefused;

		/** Whether the endpoint's handler reads a body at all. */
		boolean readsBody;

		String why;

		Case(HttpMethod method, String uri, String body, Map<String, String> headers) {
			this.method = method;
			this.uri = uri;
			this.body = body;
			this.headers = headers;
		}

		void refuse(String reason) {
			mustBeRefused = true;
			why = reason;
		}

		@Override
		public String toString() {
			String shown = body == null ? "" : " body=" + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
			String uriShown = uri.length() > 200 ? uri.substring(0, 200) + "..." : uri;
			return method + " " + uriShown + shown + (mustBeRefused ? " (must be refused: " + why + ")" : "");
		}
	}

	/** How many answers of each status class, and of each status. */
	public static final class Summary {

		private final String service;

		private final long seed;

		private final Map<Integer, Integer> byStatus = new TreeMap<>();

		private int requests;

		private Duration took = Duration.ZERO;

		private final TreeMap<Long, String> slowest = new TreeMap<>();

		void slowest(Object fuzzCase, Duration duration) {
			slowest.put(duration.toMillis(), fuzzCase.toString().substring(0, Math.min(120, fuzzCase.toString().length())));
			if (slowest.size() > 3) {
				slowest.pollFirstEntry();
			}
		}

		void took(Duration duration) {
			this.took = duration;
		}

		Summary(String service, long seed) {
			this.service = service;
			this.seed = seed;
		}

		void count(int status) {
			requests++;
			byStatus.merge(status, 1, Integer::sum);
		}

		public int requests() {
			return requests;
		}

		public int inClass(int hundreds) {
			return byStatus.entrySet().stream().filter(e -> e.getKey() / 100 == hundreds).mapToInt(Map.Entry::getValue).sum();
		}

		@Override
		public String toString() {
			return "FUZZ SUMMARY service=%s seed=%d requests=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d statuses=%s took=%d ms"
				.formatted(service, seed, requests, inClass(2), inClass(3), inClass(4), inClass(5), byStatus,
						took.toMillis());
		}
	}

	/** Row counts of the given tables, for {@link #rows}. */
	public static Supplier<Map<String, Long>> rowCounts(org.springframework.jdbc.core.simple.JdbcClient jdbc,
			String... tables) {
		Set<String> names = Set.of(tables);
		return () -> {
			Map<String, Long> counts = new TreeMap<>();
			for (String table : names) {
				counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
			}
			return counts;
		};
	}
}
