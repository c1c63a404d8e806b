package io.securecart.inventory;

import io.securecart.testsupport.TestTokens;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back office as the integration tests play it (ADR 41): a stock count reads the product first and sends the
 * {@code ETag} it read in {@code If-Match}. The read sends the primary's position now as its {@code Consistency-Token},
 * so it includes every write so far (the test's own events included), as a back office told of them would read them,
 * rather than a cached or lagging copy, which would answer the count with a 412.
 */
public final class BackOffice {

	private final MockMvcTester mvc;

	private final InventoryDatabase db;

	public BackOffice(MockMvcTester mvc, InventoryDatabase db) {
		this.mvc = mvc;
		this.db = db;
	}

	/** The {@code ETag} of the product as an admin reads it now. */
	public String etagOf(String sku) {
		MvcTestResult read = mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.header("Consistency-Token", db.position())
			.uri("/api/catalog/products/{sku}", sku)
			.exchange();
		assertThat(read).hasStatusOk().containsHeader(HttpHeaders.ETAG);
		return read.getResponse().getHeader(HttpHeaders.ETAG);
	}

	/** Counts {@code stockOnHand} of the product against the version it has now. */
	public MvcTestResult countStock(String sku, int stockOnHand) {
		return countStock(sku, etagOf(sku), stockOnHand);
	}

	/** Counts {@code stockOnHand} of the product against the version {@code ifMatch} names. */
	public MvcTestResult countStock(String sku, String ifMatch, int stockOnHand) {
		return mvc.put()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.header(HttpHeaders.IF_MATCH, ifMatch)
			.uri("/api/catalog/products/{sku}/stock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"stockOnHand\":%d}".formatted(stockOnHand))
			.exchange();
	}
}
