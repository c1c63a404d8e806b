package io.securecart.inventory.recommendation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static io.securecart.inventory.OrderEvents.awaitConsumed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Customers who viewed or bought this also bought", end to end: signed-in customers' product views through the
 * catalog API onto the Kinesis stream, read back by the consumer; purchases from shipped orders on inventory's queue;
 * the answer of {@code GET /api/catalog/products/{sku}/recommendations}.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class RecommendationsIT {

	private static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	private static final InventoryDatabase db = InventoryDatabase.connect();

	@Autowired
	MockMvcTester mvc;

	@Autowired
	MeterRegistry registry;

	@Autowired
	AlsoBought alsoBought;

	@AfterEach
	void nothingFailedIntoTheDeadLetterQueue() {
		assertThat(messaging.approximateCount("inventory-order-events-dlq")).isZero();
	}

	@AfterAll
	static void closeMessaging() {
		messaging.close();
	}

	@Test
	void whatCustomersWhoViewedAProductBoughtIsRecommendedOnceFiveCustomersOtherThanTheCallerBackIt() {
		String tee = db.createProduct("tee", 10);
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 10);
		List<String> five = IntStream.rangeClosed(1, 5).mapToObj(i -> "buyer" + i + "-" + UUID.randomUUID()).toList();
		String ann = five.getFirst();

		five.forEach(customer -> view(customer, tee));
		OrderShipped annsOrder = shipped(ann, mug, cap);
		messaging.send(MessagingNames.INVENTORY_QUEUE, annsOrder);
		five.stream()
			.skip(1)
			.forEach(customer -> messaging.send(MessagingNames.INVENTORY_QUEUE, shipped(customer, mug)));

		// Five customers who viewed the tee bought the mug; only one bought the cap: that one is not told.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
				recommendationsFor("carol", tee))
			.hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"sku":"%s","alsoBought":[{"sku":"%s","name":"%s","customers":5}]}
					""".formatted(tee, mug, db.nameOf(mug))));
		// Ann is one of the five: to her, four others back it, below the threshold; her own activity never counts.
		assertThat(recommendationsFor(ann, tee)).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				{"sku":"%s","alsoBought":[]}
				""".formatted(tee));
		assertThat(recommendationsFor("carol", mug)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"sku":"%s","alsoBought":[]}
					""".formatted(mug));

		// The same facts again, a view read twice and an order event delivered twice: nothing counts twice.
		double applied = appliedRecords();
		view(ann, tee);
		messaging.send(MessagingNames.INVENTORY_QUEUE, annsOrder);
		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		await().atMost(Duration.ofSeconds(30)).until(() -> appliedRecords() > applied);
		assertThat(db.primary()
			.sql("select customers from product_affinity where sku = :tee and also_bought_sku = :mug")
			.param("tee", tee)
			.param("mug", mug)
			.query(Integer.class)
			.single()).isEqualTo(5);
		assertThat(registry.get("securecart.activity.records").tag("outcome", "put").counter().count())
			.isGreaterThanOrEqualTo(6);
		assertThat(registry.get(ActivityStreamConsumer.LAG_METRIC).tag("stream", "customer-activity").gauge().value())
			.isGreaterThanOrEqualTo(0);
	}

	@Test
	void theCallersOwnBackingNeverShowsAmongTheTopCandidates() {
		String tee = db.createProduct("tee", 10);
		String backedByAnnOnly = db.createProduct("backed by ann and four others", 10);
		String alsoBackedByAnn = db.createProduct("also backed by ann and four others", 10);
		String topBackedByAnn = db.createProduct("backed by ann and five others", 10);
		String d = db.createProduct("backed by five others", 10);
		String e = db.createProduct("also backed by five others", 10);
		String ann = "ann-" + UUID.randomUUID();
		affinity(tee, backedByAnnOnly, 5);
		affinity(tee, alsoBackedByAnn, 5);
		affinity(tee, topBackedByAnn, 6);
		affinity(tee, d, 5);
		affinity(tee, e, 5);
		interest(ann, tee, false);
		List.of(backedByAnnOnly, alsoBackedByAnn, topBackedByAnn).forEach(sku -> interest(ann, sku, true));
		// To her, the one backed by her and five others is backed by five, as d and e are: ranked by SKU among them.
		List<String> herTopTwo = Stream.of(topBackedByAnn, d, e).sorted().limit(2).toList();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(alsoBought.of(tee, ann, 5, 2).orElseThrow())
				.as("her own purchases count one less to her: two fall below the threshold")
				.extracting(AlsoBought.Recommendation::sku)
				.containsExactlyElementsOf(herTopTwo);
			assertThat(alsoBought.of(tee, null, 5, 2).orElseThrow()).extracting(AlsoBought.Recommendation::sku)
				.containsExactly(topBackedByAnn, List.of(backedByAnnOnly, alsoBackedByAnn, d, e)
					.stream()
					.sorted()
					.findFirst()
					.orElseThrow());
		});
	}

	/** However many pairs a product has, a request reads the top candidates only, in the ranking index's order. */
	@Test
	void aRequestReadsOnlyTheTopCandidatesOfAProductsPairs() {
		String tee = db.createProduct("tee", 10);
		IntStream.rangeClosed(1, 200).forEach(i -> affinity(tee, "SC-PAIR-%03d-%s".formatted(i, tee), 5 + i));

		List<String> plan = db.primary()
			.sql("explain (analyze, costs off) " + AlsoBought.RECOMMENDATIONS)
			.param("sku", tee)
			.param("caller", "")
			.param("min", 5)
			.param("candidates", 3)
			.param("limit", 3)
			.query(String.class)
			.list();

		List<Integer> pairsRead = plan.stream()
			.map(java.util.regex.Pattern.compile(" on product_affinity .*actual time=\\S+ rows=(\\d+)")::matcher)
			.filter(java.util.regex.Matcher::find)
			.map(matcher -> Integer.parseInt(matcher.group(1)))
			.toList();
		assertThat(pairsRead).as(String.join("\n", plan)).singleElement().isEqualTo(3);
	}

	private void affinity(String sku, String alsoBoughtSku, int customers) {
		db.primary()
			.sql("insert into product_affinity (sku, also_bought_sku, customers) values (:sku, :also, :customers)")
			.param("sku", sku)
			.param("also", alsoBoughtSku)
			.param("customers", customers)
			.update();
	}

	private void interest(String customer, String sku, boolean bought) {
		db.primary()
			.sql("insert into customer_product_interest (customer_id, sku, interested, bought) values (:c, :sku, true, :b)")
			.param("c", customer)
			.param("sku", sku)
			.param("b", bought)
			.update();
	}

	@Test
	void anAdminOrAServiceReadingAProductIsNoProductView() {
		String tee = db.createProduct("tee", 10);
		double put = registry.get("securecart.activity.records").tag("outcome", "put").counter().count();

		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/catalog/products/{sku}", tee)).hasStatusOk();

		assertThat(registry.get("securecart.activity.records").tag("outcome", "put").counter().count()).isEqualTo(put);
		assertThat(db.primary()
			.sql("select count(*) from customer_product_interest where sku = :sku")
			.param("sku", tee)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void recommendationsOfAnUnknownProductAreA404Problem() {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer("carol"))
			.uri("/api/catalog/products/SC-NOPE-404/recommendations")).hasStatus(404)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/product-not-found","status":404,"sku":"SC-NOPE-404"}
					""");
	}

	private MvcTestResult recommendationsFor(String customer, String sku) {
		return mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.uri("/api/catalog/products/{sku}/recommendations", sku)
			.exchange();
	}

	private void view(String customer, String sku) {
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().customer(customer))
			.uri("/api/catalog/products/{sku}", sku)).hasStatusOk();
	}

	private double appliedRecords() {
		return registry.get(ActivityStreamConsumer.RECORDS_METRIC).tag("outcome", "applied").counter().count();
	}

	private static OrderShipped shipped(String customer, String... skus) {
		List<OrderLine> lines = java.util.Arrays.stream(skus).map(sku -> new OrderLine(sku, 1, Money.of("10.00"))).toList();
		return new OrderShipped(UUID.randomUUID(), UUID.randomUUID(), customer, UUID.randomUUID(), "TRACK-IT", lines,
				Instant.now());
	}
}
