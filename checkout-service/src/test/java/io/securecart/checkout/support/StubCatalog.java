package io.securecart.checkout.support;

import java.math.BigDecimal;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Inventory's catalog API ({@code GET /api/catalog/products/{sku}}) as a test controls it, on WireMock: which
 * products exist, and whether it answers, fails, or is slow. Listens on a free loopback port.
 */
public final class StubCatalog implements AutoCloseable {

	private static final String PRODUCT_PATH = "/api/catalog/products/";

	private static final String ANY_PRODUCT = PRODUCT_PATH + ".+";

	/** Outages and faults win over the products. */
	private static final int FAULT = 1;

	private static final int PRODUCT = 5;

	private static final int UNKNOWN = 10;

	private final StubServers.Gate gate = new StubServers.Gate();

	private final WireMockServer server = StubServers.start(gate);

	private StubMapping outage;

	public StubCatalog() {
		reset();
	}

	public String baseUrl() {
		return server.baseUrl();
	}

	/** Back to a healthy catalog with no products and no requests seen. */
	public void reset() {
		gate.open();
		server.resetAll();
		outage = null;
		server.stubFor(get(urlPathMatching(ANY_PRODUCT)).atPriority(UNKNOWN)
			.willReturn(StubServers.problem(404, "No such product")));
	}

	public StubCatalog product(String sku, String price) {
		server.stubFor(get(urlPathEqualTo(PRODUCT_PATH + sku)).atPriority(PRODUCT).willReturn(okJson("""
				{"sku":"%s","name":"Product %s","description":"A product","price":%s,"currency":"USD",\
				"availableStock":100}""".formatted(sku, sku, new BigDecimal(price).toPlainString()))));
		return this;
	}

	/** Requests for {@code sku} are refused with 400, as inventory's firewall refuses a URL it will not route. */
	public void refuses(String sku) {
		server.stubFor(get(urlPathEqualTo(PRODUCT_PATH + sku)).atPriority(PRODUCT)
			.willReturn(StubServers.problem(400, "The request was rejected")));
	}

	/** Every request fails with 503 until {@link #up()}. */
	public void down() {
		outage = server.stubFor(get(urlPathMatching(ANY_PRODUCT)).atPriority(FAULT)
			.willReturn(StubServers.problem(503, "catalog is down for the test")));
	}

	public void up() {
		if (outage != null) {
			server.removeStub(outage);
			outage = null;
		}
	}

	/** The next {@code count} requests fail with 503; the ones after them are answered again. */
	public void failNext(int count) {
		for (int failure = 0; failure < count; failure++) {
			server.stubFor(get(urlPathMatching(ANY_PRODUCT)).atPriority(FAULT)
				.inScenario("failNext")
				.whenScenarioStateIs(failure == 0 ? Scenario.STARTED : "failed " + failure)
				.willSetStateTo("failed " + (failure + 1))
				.willReturn(StubServers.problem(503, "catalog fails for the test")));
		}
	}

	/** Requests hang, unanswered, until {@link #release()}: a catalog that accepts connections but never answers. */
	public void hang() {
		gate.close();
	}

	public void release() {
		gate.open();
	}

	/** Holds each answer until {@code parties} requests have arrived (or a few seconds have passed). */
	public void holdUntilConcurrent(int parties) {
		gate.holdUntil(parties);
	}

	public int requestsFor(String sku) {
		return server.countRequestsMatching(getRequestedFor(urlPathEqualTo(PRODUCT_PATH + sku)).build()).getCount();
	}

	/** The subjects of the bearer tokens it was called with, oldest first. */
	public List<String> callers() {
		return StubServers.callers(server.getAllServeEvents());
	}

	@Override
	public void close() {
		server.stop();
	}
}
