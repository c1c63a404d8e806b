package io.securecart.inventory.catalog;

import io.securecart.platform.audit.AuditEvent;
import io.securecart.platform.audit.AuditOutcome;
import io.securecart.platform.audit.AuditTrail;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.inventory.InventoryDatabase.Stock;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The back office's writes against the real database: what they change, what they refuse, what they evict. */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class CatalogAdminIT {

	private static final InventoryDatabase db = InventoryDatabase.connect();

	@Autowired
	MockMvcTester mvc;

	@Autowired
	AuditTrail audit;

	@Test
	void aStockCountSetsTheStockOnHandAndKeepsTheReservations() {
		String sku = db.createProduct("counted", 10);
		db.primary().sql("update product set reserved = 4 where sku = :sku").param("sku", sku).update();

		assertThat(put("/api/catalog/products/{sku}/stock", sku, """
				{"stockOnHand":120}
				""")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"sku":"%s","availableStock":116}
					""".formatted(sku));

		assertThat(db.stock(sku)).isEqualTo(new Stock(120, 4));
		assertThat(audit.recent("catalog.stock.count", "product:" + sku, 10)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).isEqualTo("stockOnHand=120");
			});
	}

	@Test
	void aStockCountBelowTheReservedStockIsRefusedAndChangesNothing() {
		String sku = db.createProduct("oversold", 10);
		db.primary().sql("update product set reserved = 6 where sku = :sku").param("sku", sku).update();

		assertThat(put("/api/catalog/products/{sku}/stock", sku, """
				{"stockOnHand":5}
				""")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":409,"sku":"%s","stockOnHand":5,"reserved":6}
					""".formatted(sku));

		assertThat(db.stock(sku)).isEqualTo(new Stock(10, 6));
		assertThat(audit.recent("catalog.stock.count", "product:" + sku, 10)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILURE);
			});
	}

	@Test
	void aPriceChangeIsStoredWithItsCents() {
		String sku = db.createProduct("priced", 10);

		assertThat(put("/api/catalog/products/{sku}/price", sku, """
				{"price":21.5,"currency":"USD"}
				""")).hasStatusOk().bodyText().contains("\"price\":21.50", "\"currency\":\"USD\"");

		assertThat(db.primary()
			.sql("select price::text || ' ' || currency from product where sku = :sku")
			.param("sku", sku)
			.query(String.class)
			.single()).isEqualTo("21.50 USD");
		assertThat(audit.recent("catalog.price.change", "product:" + sku, 10)).singleElement()
			.satisfies(entry -> {
				assertThat(entry.actor()).isEqualTo("ops");
				assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCESS);
				assertThat(entry.detail()).isEqualTo("price=21.50 USD");
			});
	}

	@Test
	void aPriceInAnotherCurrencyIsA409AndChangesNothing() {
		// An order is priced in one currency and fraud screening's threshold is in the catalog's: a product repriced
		// in EUR could not be ordered with the rest, and would be paid for unscreened.
		String sku = db.createProduct("euro", 10);

		assertThat(put("/api/catalog/products/{sku}/price", sku, """
				{"price":2499.00,"currency":"EUR"}
				""")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"status":409,"sku":"%s","currency":"USD"}
					""".formatted(sku));

		assertThat(db.primary()
			.sql("select price::text || ' ' || currency from product where sku = :sku")
			.param("sku", sku)
			.query(String.class)
			.single()).isEqualTo("10.00 USD");
		assertThat(audit.recent("catalog.price.change", "product:" + sku, 10)).singleElement()
			.extracting(AuditEvent::outcome)
			.isEqualTo(AuditOutcome.FAILURE);
	}

	@Test
	void writingAnUnknownProductIsA404Problem() {
		assertThat(put("/api/catalog/products/{sku}/price", "SC-NOPE-999", """
				{"price":1.00,"currency":"USD"}
				""")).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(audit.recent("catalog.price.change", "product:SC-NOPE-999", 1)).singleElement()
			.extracting(AuditEvent::outcome)
			.isEqualTo(AuditOutcome.FAILURE);
	}

	@Test
	void aPriceChangeEvictsTheCachedProduct() {
		String sku = db.createProduct("evicted", 10);
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).bodyText().contains("\"price\":10.00");

		put("/api/catalog/products/{sku}/price", sku, """
				{"price":12.00,"currency":"USD"}
				""");
		db.awaitOnReplica("select price = 12.00 from product where sku = :sku", sku);

		// Within the cache's 5 s: without the eviction, this would still be the cached 10.00.
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
			.hasHeader("X-Data-Source", "replica")
			.hasHeader("Age", "0")
			.bodyText()
			.contains("\"price\":12.00");
	}

	private MvcTestResult put(String uri, String sku, String json) {
		return mvc.put().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri(uri, sku).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}
}
