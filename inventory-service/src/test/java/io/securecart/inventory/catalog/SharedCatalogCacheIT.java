package io.securecart.inventory.catalog;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.inventory.InventoryApplication;
import io.securecart.inventory.BackOffice;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product cache is shared by every instance of inventory-service (Redis): what one instance caches, another
 * serves; what one evicts after a price change, no instance serves any more. And Redis going down costs the catalog
 * its cache, never its answers. ADR 13 states the bound: without a token, a change shows on every instance once the
 * replica has replayed it (at worst, a read racing the eviction re-caches the old row from a lagging replica, until
 * the time to live); with the writer's token, at once.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SharedCatalogCacheIT {

	private static final TestInfrastructure infrastructure = TestInfrastructure.shared();

	private static final InventoryDatabase db = InventoryDatabase.connect();

	/** This instance: the test's context. */
	@Autowired
	MockMvcTester mvc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	MeterRegistry meters;

	@Test
	void onePriceChangeIsNotServedStaleByTheOtherInstance() {
		String sku = db.createProduct("shared", 10);
		// A second instance: its own JVM-level state and Tomcat, the same database and Redis. Its entries live a minute,
		// so that within this test only an eviction can take one out of the cache, never its expiry.
		// Arguments, not default properties: they must win over application.yml's.
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(InventoryApplication.class)
			.initializers(new SecureCartInfrastructureInitializer())
			.run("--server.port=0", "--spring.cloud.aws.sqs.listener.auto-startup=false",
					"--securecart.inventory.catalog.cache.time-to-live=60s")) {
			RestClient otherInstance = RestClient.builder()
				.baseUrl("http://localhost:" + ((WebServerApplicationContext) other).getWebServer().getPort())
				.defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
				.build();

			// The other instance reads the product and caches it, for everybody.
			assertThat(product(otherInstance, sku, null).getBody()).contains("\"price\":10.00");
			assertThat(redis.hasKey(ProductCache.KEY_PREFIX + sku)).isTrue();
			assertThat(redis.getExpire(ProductCache.KEY_PREFIX + sku)).as("seconds to live").isGreaterThan(5);

			// Changed behind the cache's back (no eviction): this instance, which never read the product, serves the
			// other's entry.
			db.primary().sql("update product set price = 11.00 where sku = :sku").param("sku", sku).update();
			db.awaitOnReplica("select price = 11.00 from product where sku = :sku", sku);
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
				.uri("/api/catalog/products/{sku}", sku)).hasStatusOk().bodyText().contains("\"price\":10.00");

			// A back-office price change through this instance evicts the entry for every instance.
			MvcTestResult change = mvc.put()
				.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
				.uri("/api/catalog/products/{sku}/price", sku)
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						{"price":12.00,"currency":"USD"}
						""")
				.exchange();
			assertThat(change).hasStatusOk();
			String token = change.getResponse().getHeader("Consistency-Token");
			assertThat(redis.hasKey(ProductCache.KEY_PREFIX + sku)).isFalse();

			// The writer's token read back on the other instance: the change at once, replica or not.
			assertThat(product(otherInstance, sku, token).getBody()).contains("\"price\":12.00");
			// Without a token, once the replica has the change: the new price, where a cache of its own would have
			// served the 10.00 it read a moment ago for up to its time to live.
			db.awaitOnReplica("select price = 12.00 from product where sku = :sku", sku);
			ResponseEntity<String> later = product(otherInstance, sku, null);
			assertThat(later.getBody()).contains("\"price\":12.00");
			assertThat(later.getHeaders().getFirst("X-Data-Source")).isIn("replica", "primary");
		}
	}

	@Test
	void withRedisDownTheCatalogAnswersFromTheDatabaseAndHealthIsDegradedNotDown(CapturedOutput output) {
		String sku = db.createProduct("uncached", 5);
		assertThat(read(sku)).hasStatusOk();
		assertThat(redis.hasKey(ProductCache.KEY_PREFIX + sku)).isTrue();
		double failuresBefore = failures();

		try (var outage = infrastructure.stopRedis()) {
			assertThat(read(sku)).hasStatusOk()
				.hasHeader("X-Data-Source", "replica")
				.hasHeader("Age", "0")
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(5);
			// A write still succeeds; its eviction cannot reach Redis, whose entries died with it anyway.
			assertThat(new BackOffice(mvc, db).countStock(sku, 7)).hasStatusOk();
			db.awaitOnReplica("select stock_on_hand = 7 from product where sku = :sku", sku);
			assertThat(read(sku)).hasStatusOk().bodyJson().extractingPath("$.availableStock").isEqualTo(7);
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health"))
				.hasStatusOk()
				.bodyJson()
				.isLenientlyEqualTo("""
						{"status":"DEGRADED",
						 "components":{"catalogCache":{"status":"DEGRADED",
						                               "details":{"productLookupsFrom":"database"}}}}
						""");
			assertThat(failures()).as(ProductCache.ERRORS).isGreaterThanOrEqualTo(failuresBefore + 3);
			assertThat(output).contains("The catalog cache failed");
		}

		// Lettuce reconnects by itself; the cache fills again.
		await().atMost(Duration.ofSeconds(45))
			.untilAsserted(() -> assertThat(
					mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health"))
				.bodyJson()
				.isLenientlyEqualTo("""
						{"components":{"catalogCache":{"status":"UP"}}}
						"""));
		assertThat(read(sku)).hasStatusOk();
		assertThat(redis.hasKey(ProductCache.KEY_PREFIX + sku)).isTrue();
		assertThat(output).contains("The catalog cache answers again");
	}

	private MvcTestResult read(String sku) {
		return mvc.get()
			.header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin())
			.uri("/api/catalog/products/{sku}", sku)
			.exchange();
	}

	private double failures() {
		return meters.find(ProductCache.ERRORS).counters().stream().mapToDouble(counter -> counter.count()).sum();
	}

	private static ResponseEntity<String> product(RestClient instance, String sku, String token) {
		return instance.get()
			.uri("/api/catalog/products/{sku}", sku)
			.headers(headers -> {
				if (token != null) {
					headers.set("Consistency-Token", token);
				}
			})
			.retrieve()
			.toEntity(String.class);
	}
}
