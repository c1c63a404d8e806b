package io.securecart.inventory.catalog;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.inventory.BackOffice;
import io.securecart.inventory.InventoryDatabase.ReservationRow;
import io.securecart.platform.audit.AuditEvent;
import io.securecart.platform.audit.AuditOutcome;
import io.securecart.platform.audit.AuditTrail;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.inventory.InventoryDatabase.Stock;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.securecart.inventory.OrderEvents.line;
import static io.securecart.inventory.OrderEvents.orderShipped;
import static io.securecart.inventory.OrderEvents.paymentAuthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The back office's writes against the real database: what they change, what they refuse, what they evict; and a
 * stock count's version (ADR 41): one counted before a shipment that has committed since changes nothing.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class CatalogAdminIT {

	private static final InventoryDatabase db = InventoryDatabase.connect();

	private static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	@Autowired
	MockMvcTester mvc;

	@Autowired
	AuditTrail audit;

	BackOffice backOffice;

	@BeforeEach
	void backOffice() {
		backOffice = new BackOffice(mvc, db);
	}

	@AfterAll
	static void closeMessaging() {
		messaging.close();
	}

	@Test
	void aCountTakenBeforeAShipmentThatHasCommittedSinceIsA412AndTheShipmentsStockStays() {
		String sku = db.createProduct("shipped", 10);
		// The back office reads the product (10 on hand) and goes counting the shelf: 10.
		String counted = etag(read(sku, null));

		// Meanwhile an order of 3 is paid and ships: the goods leave, and the primary has 7 on hand.
		UUID orderId = UUID.randomUUID();
		messaging.send(MessagingNames.INVENTORY_QUEUE, paymentAuthorized(orderId, line(sku, 3)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> db.reservations(orderId).equals(List.of(new ReservationRow(sku, 3, "RESERVED"))));
		messaging.send(MessagingNames.INVENTORY_QUEUE, orderShipped(orderId, line(sku, 3)));
		await().atMost(Duration.ofSeconds(20)).until(() -> db.stock(sku).equals(new Stock(7, 0)));

		// The count arrives: applied, it would bring the 3 shipped units back to be sold again.
		MvcTestResult stale = backOffice.countStock(sku, counted, 10);
		assertThat(stale).hasStatus(HttpStatus.PRECONDITION_FAILED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.containsHeader("Consistency-Token")
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/precondition-failed","status":412,"sku":"%s"}
					""".formatted(sku));
		assertThat(db.stock(sku)).isEqualTo(new Stock(7, 0));
		assertThat(audit.recent("catalog.stock.count", "product:" + sku, 10)).singleElement()
			.extracting(AuditEvent::outcome)
			.isEqualTo(AuditOutcome.FAILURE);

		// Read again with the 412's token: the product as it is now, and a count against that version applies.
		MvcTestResult now = read(sku, stale.getResponse().getHeader("Consistency-Token"));
		assertThat(now).hasStatusOk()
			.hasHeader("ETag", "\"%d\"".formatted(db.version(sku)))
			.bodyJson()
			.extractingPath("$.availableStock")
			.isEqualTo(7);
		MvcTestResult recount = backOffice.countStock(sku, etag(now), 8);
		assertThat(recount).hasStatusOk().hasHeader("ETag", "\"%d\"".formatted(db.version(sku)));
		assertThat(etag(recount)).isNotEqualTo(etag(now));
		assertThat(db.stock(sku)).isEqualTo(new Stock(8, 0));
	}

	@Test
	void ofTwoCountsAgainstTheSameVersionTheSecondIsA412() {
		String sku = db.createProduct("recounted", 10);
		String read = backOffice.etagOf(sku);

		assertThat(backOffice.countStock(sku, read, 12)).hasStatusOk();
		assertThat(backOffice.countStock(sku, read, 11)).hasStatus(HttpStatus.PRECONDITION_FAILED);

		assertThat(db.stock(sku)).isEqualTo(new Stock(12, 0));
	}

	@Test
	void aCountThatNamesNoVersionIsA428AndChangesNothing() {
		String sku = db.createProduct("unversioned", 10);

		assertThat(mvc.put()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/catalog/products/{sku}/stock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"stockOnHand\":12}")).hasStatus(HttpStatus.PRECONDITION_REQUIRED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/precondition-required","status":428,"sku":"%s"}
					""".formatted(sku));
		assertThat(backOffice.countStock(sku, "*", 12)).hasStatus(HttpStatus.PRECONDITION_REQUIRED);

		assertThat(db.stock(sku)).isEqualTo(new Stock(10, 0));
	}

	@Test
	void aStockCountSetsTheStockOnHandAndKeepsTheReservations() {
		String sku = db.createProduct("counted", 10);
		db.primary().sql("update product set reserved = 4 where sku = :sku").param("sku", sku).update();

		assertThat(backOffice.countStock(sku, 120)).hasStatusOk()
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

		assertThat(backOffice.countStock(sku, 5)).hasStatus(HttpStatus.CONFLICT)
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

	private MvcTestResult read(String sku, @Nullable String token) {
		MockMvcTester.MockMvcRequestBuilder read = mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/catalog/products/{sku}", sku);
		return (token == null ? read : read.header("Consistency-Token", token)).exchange();
	}

	private static String etag(MvcTestResult result) {
		return result.getResponse().getHeader(HttpHeaders.ETAG);
	}

	private MvcTestResult put(String uri, String sku, String json) {
		return mvc.put().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri(uri, sku).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}
}
