package io.securecart.console.api;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Calls a service's public API as the signed-in user (their bearer token, never the console's own identity) and
 * turns an error answer into an {@link ApiProblemException} carrying the service's problem title and detail.
 */
@Component
public class ServiceApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<Service, RestClient> clients = new EnumMap<>(Service.class);

	private final AccessTokens tokens;

	/**
	 * How long an answer may take: a service that hangs fails the page (503, "unreachable") instead of holding it, and
	 * every live tracker with it, for ever. Generous for the slowest call, an operator's redrive of a whole DLQ.
	 */
	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	@Autowired
	ServiceApi(RestClient.Builder builder, ConsoleProperties properties, AccessTokens tokens) {
		this(builder, properties, tokens, ANSWER_TIMEOUT);
	}

	ServiceApi(RestClient.Builder builder, ConsoleProperties properties, AccessTokens tokens, Duration answerTimeout) {
		this.tokens = tokens;
		// The JDK client: it never re-sends a request the service answered with an error (POSTs included).
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
		requests.setReadTimeout(answerTimeout);
		for (Service service : Service.values()) {
			clients.put(service, builder.clone()
				.requestFactory(requests)
				.baseUrl(properties.baseUrl(service).toString())
				.build());
		}
	}

	public <T> T get(Service service, Authentication user, Class<T> type, String uri, Object... variables) {
		return call(service,
				() -> exchange(service, user, HttpMethod.GET, null, HttpHeaders.EMPTY, uri, variables).body(type));
	}

	public <T> T get(Service service, Authentication user, ParameterizedTypeReference<T> type, String uri,
			Object... variables) {
		return call(service,
				() -> exchange(service, user, HttpMethod.GET, null, HttpHeaders.EMPTY, uri, variables).body(type));
	}

	/** The answer with its headers, e.g. the catalog's freshness headers. */
	public <T> ResponseEntity<T> getEntity(Service service, Authentication user, Class<T> type, String uri,
			Object... variables) {
		return call(service, () -> exchange(service, user, HttpMethod.GET, null, HttpHeaders.EMPTY, uri, variables)
			.toEntity(type));
	}

	public <T> T send(Service service, Authentication user, HttpMethod method, Object body, HttpHeaders headers,
			Class<T> type, String uri, Object... variables) {
		return call(service, () -> exchange(service, user, method, body, headers, uri, variables).body(type));
	}

	/**
	 * A service's actuator health document, UP or not: actuator answers a health that is not UP with 503 and the same
	 * document, whose components say what is down. Any other error, or a 503 without a health document (the service
	 * unreachable behind a proxy), is a problem as usual.
	 */
	public JsonNode health(Service service, Authentication user) {
		String token = tokens.of(user);
		return call(service, () -> request(service, token, HttpMethod.GET, null, HttpHeaders.EMPTY, "/actuator/health")
			.exchange((request, response) -> {
				int status = response.getStatusCode().value();
				JsonNode document = jsonOrNull(response.getBody().readAllBytes());
				// A health document's status is a word (DOWN); a problem document's is a number.
				if (status == 200 || status == 503 && document != null && document.path("status").isString()) {
					return document;
				}
				throw problemOf(service, user, token, status, document);
			}));
	}

	private RestClient.ResponseSpec exchange(Service service, Authentication user, HttpMethod method, Object body,
			HttpHeaders headers, String uri, Object... variables) {
		String token = tokens.of(user);
		return request(service, token, method, body, headers, uri, variables).retrieve()
			.onStatus(HttpStatusCode::isError, (req, response) -> {
				throw problemOf(service, user, token, response.getStatusCode().value(),
						jsonOrNull(response.getBody().readAllBytes()));
			});
	}

	private RestClient.RequestHeadersSpec<?> request(Service service, String token, HttpMethod method, Object body,
			HttpHeaders headers, String uri, Object... variables) {
		RestClient.RequestBodySpec request = clients.get(service)
			.method(method)
			.uri(uri, variables)
			.headers(h -> {
				h.addAll(headers);
				h.setBearerAuth(token);
			});
		if (body != null) {
			request.body(body);
		}
		return request;
	}

	/** The service's problem; a 401 to a token that is not fresh asks the user to sign in again instead. */
	private ApiProblemException problemOf(Service service, Authentication user, String token, int status,
			JsonNode problem) {
		if (status == 401) {
			tokens.refused(user, token);
		}
		String title = text(problem, "title");
		String detail = text(problem, "detail");
		return new ApiProblemException(service, status,
				title != null ? title : "The " + service.displayName() + " answered " + status, detail);
	}

	/** An answer that is not JSON (a proxy's error page) is null: its status says enough. */
	private static JsonNode jsonOrNull(byte[] body) {
		try {
			return body.length == 0 ? null : JSON.readTree(body);
		}
		catch (RuntimeException notJson) {
			return null;
		}
	}

	private static String text(JsonNode problem, String field) {
		JsonNode value = problem == null ? null : problem.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	/** A service that does not answer at all is a problem to show too (503), not a stack trace. */
	private static <T> T call(Service service, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (ResourceAccessException ex) {
			throw new ApiProblemException(service, 503, service.displayName() + " is unreachable",
					"It did not answer; is it running?");
		}
	}
}
