package io.securecart.inventory.recommendation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

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
