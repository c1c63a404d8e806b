package io.securecart.inventory.datasource;

import java.time.Duration;

import io.securecart.inventory.InventoryDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replica goes down: the catalog keeps answering, from the primary, and says so; health says DEGRADED with HTTP
 * 200, not DOWN. The replica comes back: reads return to it by themselves, within seconds. The replica is always
 * started again, so that later tests find it. Runs on every test backend: each can stop and start the replica.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class ReplicaOutageIT {

	private static final TestInfrastructure infrastructure = TestInfrastructure.shared();

	private static final InventoryDatabase db = InventoryDatabase.connect();

	@Autowired
	MockMvcTester mvc;

	@Test
	void catalogReadsFallBackToThePrimaryWhileTheReplicaIsDownAndReturnWhenItIsBack() {
		String first = db.createProduct("outage one", 3);
		String second = db.createProduct("outage two", 4);
		String name = db.nameOf(first);
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name)).hasHeader("X-Data-Source", "replica");

		try (var outage = infrastructure.stopReplica()) {
			// The first read may still be sent to the replica: it fails over within the request.
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name)).hasStatusOk()
				.hasHeader("X-Data-Source", "primary")
				.doesNotContainHeader("X-Replica-Lag-Ms")
				.bodyJson()
				.extractingPath("$.items[0].availableStock")
				.isEqualTo(3);
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", second)).hasStatusOk()
				.hasHeader("X-Data-Source", "primary")
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(4);
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health")).hasStatusOk()
				.bodyJson()
				.isLenientlyEqualTo("""
						{"status":"DEGRADED",
						 "components":{
						   "db":{"status":"UP"},
						   "catalogReplica":{"status":"DEGRADED",
						                     "details":{"replica":"DOWN","catalogReadsFrom":"primary"}}}}
						""");
		}

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name))
				.hasHeader("X-Data-Source", "replica"));
		// The health follows the replica's state on its own schedule: a read may reach the replica before it says UP.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(
					mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/actuator/health"))
				.hasStatusOk()
				.bodyJson()
				.isLenientlyEqualTo("""
						{"status":"UP","components":{"catalogReplica":{"status":"UP",
						 "details":{"replica":"STREAMING","catalogReadsFrom":"replica"}}}}
						"""));
	}
}
