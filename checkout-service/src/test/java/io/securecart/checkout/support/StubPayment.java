package io.securecart.checkout.support;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Payment-service's {@code POST /api/payments/authorizations} as a test controls it, on WireMock, for checkout's
 * coupled mode: which decision it answers, whether it is down (503) or does not answer, and which requests it
 * received. Listens on a free loopback port.
 */
public final class StubPayment implements AutoCloseable {

	private static final String PATH = "/api/payments/authorizations";

	private static final int FAULT = 1;

	private static final int DECISION = 5;

	private final StubServers.Gate gate = new StubServers.Gate();

	private final WireMockServer server = StubServers.start(gate);

	public StubPayment() {
		reset();
	}

	public String baseUrl() {
		return server.baseUrl();
	}

	/** Back to a payment-service that authorises at once, with no requests seen. */
	public void reset() {
		gate.open();
		server.resetAll();
		decide("AUTHORIZED", null);
	}

	/** Every request is answered 503 (the gateway unavailable) until {@link #up()}. */
	public void down() {
		server.stubFor(post(urlPathEqualTo(PATH)).atPriority(FAULT)
			.willReturn(StubServers.problem(503, "payment gateway unavailable, try again")));
	}

	public void up() {
		server.getStubMappings()
			.stream()
			.filter(mapping -> mapping.getPriority() != null && mapping.getPriority() == FAULT)
			.toList()
			.forEach(server::removeStub);
	}

	/** Holds every order until its fraud screening decides, as payment does with a high-value order. */
	public void holdsForScreening() {
		server.stubFor(post(urlPathEqualTo(PATH)).atPriority(FAULT)
			.willReturn(StubServers.problem(409, "order held until its fraud screening decides")));
	}

	/**
	 * Every request is answered with {@code status} and a problem of no payment type, e.g. 401 or 403 (checkout's
	 * token refused), or a 404 of a payment task without the coupled endpoint.
	 */
	public void refuses(int status) {
		server.stubFor(post(urlPathEqualTo(PATH)).atPriority(FAULT)
			.willReturn(StubServers.problem(status, "refused")));
	}

	/** Every request is answered as payment refuses an order itself: 422 {@code authorization-refused}. */
	public void refusesTheOrder() {
		server.stubFor(post(urlPathEqualTo(PATH)).atPriority(FAULT)
			.willReturn(aResponse().withStatus(422)
				.withHeader("Content-Type", "application/problem+json")
				.withBody("""
						{"type": "https://securecart.example/problems/authorization-refused",
						 "title": "Authorization refused", "status": 422,
						 "detail": "total must be the sum of quantity x unitPrice over the lines"}""")));
	}

	/** Every request is answered 200 with a body that is no decision. */
	public void answersGarbage() {
		server.stubFor(post(urlPathEqualTo(PATH)).atPriority(FAULT)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\": \"not a uuid\", \"status\": [")));
	}

	public void declines() {
		decide("DECLINED", "card_declined");
	}

	/** Requests hang, unanswered, until {@link #release()}: a payment-service that takes too long to decide. */
	public void hang() {
		gate.close();
	}

	public void release() {
		gate.open();
	}

	/** The bodies received, oldest first. */
	public List<String> requests() {
		return server.getAllServeEvents()
			.reversed()
			.stream()
			.map(ServeEvent::getRequest)
			.map(request -> request.getBodyAsString())
			.toList();
	}

	/** The subjects of the bearer tokens it was called with, oldest first. */
	public List<String> callers() {
		return StubServers.callers(server.getAllServeEvents());
	}

	private void decide(String status, String declineReason) {
		server.stubFor(post(urlPathEqualTo(PATH)).atPriority(DECISION)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withTransformers("response-template")
				.withBody("""
						{"id":"{{randomValue type='UUID'}}","orderId":"ignored-by-checkout","status":"%s","declineReason":%s}"""
					.formatted(status, declineReason == null ? "null" : "\"" + declineReason + "\""))));
	}

	@Override
	public void close() {
		server.stop();
	}
}
