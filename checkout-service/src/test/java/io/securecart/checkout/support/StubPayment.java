package io.securecart.checkout.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.securecart.testsupport.TestTokens;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Payment-service's {@code POST /api/payments/authorizations} as a test controls it, for checkout's coupled mode:
 * which decision it answers, whether it is down (503) or does not answer, and which requests it received. Listens on
 * a free loopback port.
 */
public final class StubPayment implements AutoCloseable {

	private static final String PATH = "/api/payments/authorizations";

	private final HttpServer server;

	private final List<String> callers = new CopyOnWriteArrayList<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private volatile String status = "AUTHORIZED";

	private volatile boolean down;

	private volatile CountDownLatch hold;

	public StubPayment() {
		server = LoopbackHttpServer.serve(PATH, this::handle);
	}

	public String baseUrl() {
		return LoopbackHttpServer.baseUrl(server);
	}

	/** Back to a payment-service that authorises at once, with no requests seen. */
	public void reset() {
		requests.clear();
		callers.clear();
		status = "AUTHORIZED";
		down = false;
		release();
	}

	/** Every request is answered 503 (the gateway unavailable) until {@link #up()}. */
	public void down() {
		down = true;
	}

	public void up() {
		down = false;
	}

	public void declines() {
		status = "DECLINED";
	}

	/** Requests hang, unanswered, until {@link #release()}: a payment-service that takes too long to decide. */
	public void hang() {
		hold = new CountDownLatch(1);
	}

	public void release() {
		CountDownLatch current = hold;
		if (current != null) {
			current.countDown();
		}
	}

	/** The bodies received, oldest first. */
	public List<String> requests() {
		return List.copyOf(requests);
	}

	/** The subjects of the bearer tokens it was called with, oldest first. */
	public List<String> callers() {
		return List.copyOf(callers);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			// Like the real payment: nobody without a valid token from the issuer gets an answer.
			try {
				callers.add(TestTokens.shared().verify(exchange.getRequestHeaders().getFirst("Authorization")).getSubject());
			}
			catch (JwtException ex) {
				respond(exchange, 401, "application/problem+json", "{\"status\":401}");
				return;
			}
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			requests.add(body);
			awaitRelease(hold);
			if (down) {
				respond(exchange, 503, "application/problem+json",
						"{\"status\":503,\"detail\":\"payment gateway unavailable, try again\"}");
				return;
			}
			String declineReason = "DECLINED".equals(status) ? "\"card_declined\"" : "null";
			respond(exchange, 200, "application/json", """
					{"id":"%s","orderId":"ignored-by-checkout","status":"%s","declineReason":%s}"""
				.formatted(UUID.randomUUID(), status, declineReason));
		}
	}

	/** Holds the request until released, at most a few seconds. */
	private static void awaitRelease(CountDownLatch latch) {
		if (latch == null) {
			return;
		}
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
