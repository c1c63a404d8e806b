package io.securecart.checkout.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.securecart.testsupport.TestTokens;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Inventory's catalog API ({@code GET /api/catalog/products/{sku}}) as a test controls it: which products exist, and
 * whether it answers, fails, or is slow. Listens on a free loopback port.
 */
public final class StubCatalog implements AutoCloseable {

	private static final String PRODUCT_PATH = "/api/catalog/products/";

	private final HttpServer server;

	private final List<String> callers = new CopyOnWriteArrayList<>();

	private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private volatile boolean down;

	private final AtomicInteger failuresToServe = new AtomicInteger();

	private volatile CountDownLatch hold;

	private volatile CountDownLatch gate;

	public StubCatalog() {
		server = LoopbackHttpServer.serve(PRODUCT_PATH, this::handle);
	}

	public String baseUrl() {
		return LoopbackHttpServer.baseUrl(server);
	}

	/** Back to a healthy catalog with no products and no requests seen. */
	public void reset() {
		prices.clear();
		requests.clear();
		callers.clear();
		down = false;
		failuresToServe.set(0);
		release();
		gate = null;
	}

	public StubCatalog product(String sku, String price) {
		prices.put(sku, new BigDecimal(price));
		return this;
	}

	/** Every request fails with 503 until {@link #up()}. */
	public void down() {
		down = true;
	}

	public void up() {
		down = false;
	}

	/** The next {@code count} requests fail with 503. */
	public void failNext(int count) {
		failuresToServe.set(count);
	}

	/** Requests hang, unanswered, until {@link #release()}: a catalog that accepts connections but never answers. */
	public void hang() {
		hold = new CountDownLatch(1);
	}

	public void release() {
		CountDownLatch current = hold;
		if (current != null) {
			current.countDown();
		}
	}

	/** Holds each request until {@code parties} requests have arrived (or a few seconds have passed). */
	public void holdUntilConcurrent(int parties) {
		gate = new CountDownLatch(parties);
	}

	public int requestsFor(String sku) {
		AtomicInteger count = requests.get(sku);
		return count == null ? 0 : count.get();
	}

	/** The subjects of the bearer tokens it was called with, oldest first. */
	public List<String> callers() {
		return List.copyOf(callers);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			// Like the real catalog: nobody without a valid token from the issuer gets an answer.
			try {
				callers.add(TestTokens.shared().verify(exchange.getRequestHeaders().getFirst("Authorization")).getSubject());
			}
			catch (JwtException ex) {
				respond(exchange, 401, "application/problem+json", "{\"status\":401}");
				return;
			}
			String sku = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring(PRODUCT_PATH.length()),
					StandardCharsets.UTF_8);
			requests.computeIfAbsent(sku, key -> new AtomicInteger()).incrementAndGet();
			await(gate, true);
			await(hold, false);
			if (down || failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
				respond(exchange, 503, "application/problem+json",
						"{\"status\":503,\"detail\":\"catalog is down for the test\"}");
				return;
			}
			BigDecimal price = prices.get(sku);
			if (price == null) {
				respond(exchange, 404, "application/problem+json",
						"{\"status\":404,\"detail\":\"No product " + sku + "\"}");
				return;
			}
			respond(exchange, 200, "application/json", """
					{"sku":"%s","name":"Product %s","description":"A product","price":%s,"currency":"USD",\
					"availableStock":100}""".formatted(sku, sku, price.toPlainString()));
		}
	}

	/** Waits at a latch, at most a few seconds; {@code arrive} counts this request in first. */
	private static void await(CountDownLatch latch, boolean arrive) {
		if (latch == null) {
			return;
		}
		if (arrive) {
			latch.countDown();
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
