package io.securecart.inventory.catalog;

import java.time.Duration;

import io.securecart.inventory.BackOffice;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
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
import static org.awaitility.Awaitility.await;

/**
 * A back-office user reads their own write at once, even while the replica lags; everybody else reads the replica,
 * and is told it lags. The replica is made to lag on purpose: its WAL replay is paused (it keeps receiving the
 * primary's WAL, and shows none of it), and always resumed afterwards.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class ReadYourWritesIT {

	private static final TestInfrastructure infrastructure = TestInfrastructure.shared();

	private static final InventoryDatabase db = InventoryDatabase.connect();

	@Autowired
	MockMvcTester mvc;

	@Test
	void aTokenNoWriteAnsweredWithIsRefusedWithoutWaitingOnTheReplica() {
		String sku = db.createProduct("forged-token", 10);
		String alice = TestTokens.shared().customer("alice");
		String forged = "FFFFFFFF/FFFFFFFF";

		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, alice).uri("/api/catalog/products/{sku}", sku)
			.header("Consistency-Token", forged))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/unwritten-position","status":400,
					 "token":"FFFFFFFF/FFFFFFFF"}
					""");
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, alice).uri("/api/catalog/products?q={name}",
				db.nameOf(sku)).header("Consistency-Token", forged))
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, alice).uri("/api/catalog/products/{sku}", sku))
			.as("the replica still serves reads")
			.hasStatusOk()
			.hasHeader("X-Data-Source", "replica");
	}

	@Test
	void theWriterReadsItsRestockAtOnceWhileTheReplicaIsPausedAndOthersSeeTheOldStockLabelledAsLagging() {
		String sku = db.createProduct("restocked", 10);
		String name = db.nameOf(sku);
		infrastructure.pauseReplicaReplay();
		try {
			MvcTestResult restock = new BackOffice(mvc, db).countStock(sku, 120);
			assertThat(restock).hasStatusOk().bodyJson().extractingPath("$.availableStock").isEqualTo(120);
			String token = restock.getResponse().getHeader("Consistency-Token");

			// Without the token: the paused replica's answer, which says it comes from a replica that lags. The lag
			// is the time since the last transaction the replica replayed, so it grows while replay is paused.
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
				.hasHeader("X-Data-Source", "replica")
				.containsHeader("X-Replica-Lag-Ms")
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(10);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(lagOf(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name)))
					.isGreaterThanOrEqualTo(100));

			// With the token: the replica has not replayed it, and does not within the wait, so the primary answers.
			// The replica's answer, cached a moment ago, does not satisfy the token either.
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku).header("Consistency-Token", token))
				.hasStatusOk()
				.hasHeader("X-Data-Source", "primary")
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(120);
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name).header("Consistency-Token", token))
				.hasStatusOk()
				.hasHeader("X-Data-Source", "primary")
				.bodyJson()
				.extractingPath("$.items[0].availableStock")
				.isEqualTo(120);
			// The primary's answer is cached now, so the next lookup of the product gets it too; searches are not
			// cached, and still read the paused replica.
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasHeader("X-Data-Source", "primary")
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(120);
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name)).hasHeader("X-Data-Source", "replica")
				.bodyJson()
				.extractingPath("$.items[0].availableStock")
				.isEqualTo(10);
		}
		finally {
			infrastructure.resumeReplicaReplay();
		}
		db.awaitOnReplica("select stock_on_hand = 120 from product where sku = :sku", sku);
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name)).hasHeader("X-Data-Source", "replica")
			.bodyJson()
			.extractingPath("$.items[0].availableStock")
			.isEqualTo(120);
	}

	@Test
	void theWriterReadsItsNewPriceAtOnceWhileTheReplicaIsPaused() {
		String sku = db.createProduct("repriced", 10);
		infrastructure.pauseReplicaReplay();
		try {
			MvcTestResult reprice = put("/api/catalog/products/{sku}/price", sku, """
					{"price":21.00,"currency":"USD"}
					""");
			assertThat(reprice).hasStatusOk();
			String token = reprice.getResponse().getHeader("Consistency-Token");

			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasHeader("X-Data-Source", "replica")
				.bodyText()
				.contains("\"price\":10.00");
			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku).header("Consistency-Token", token))
				.hasHeader("X-Data-Source", "primary")
				.bodyText()
				.contains("\"price\":21.00");
		}
		finally {
			infrastructure.resumeReplicaReplay();
		}
	}

	@Test
	void aTokenTheReplicaHasReplayedIsReadFromTheReplica() {
		String sku = db.createProduct("replayed", 10);
		MvcTestResult restock = new BackOffice(mvc, db).countStock(sku, 30);
		String token = restock.getResponse().getHeader("Consistency-Token");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> db.replica()
				.sql("select pg_last_wal_replay_lsn() >= cast(:token as pg_lsn)")
				.param("token", token)
				.query(Boolean.class)
				.single());

		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku).header("Consistency-Token", token))
			.hasStatusOk()
			.hasHeader("X-Data-Source", "replica")
			.bodyJson()
			.extractingPath("$.availableStock")
			.isEqualTo(30);
	}

	@Test
	void aNewProductTheReplicaDoesNotHaveYetIsA404ThatSaysItCameFromTheReplica() {
		infrastructure.pauseReplicaReplay();
		try {
			String sku = "IT-UNREPLICATED-" + System.nanoTime();
			db.primary().sql("""
					insert into product (sku, name, description, price, currency, stock_on_hand)
					values (:sku, 'IT unreplicated', 'Created by an integration test', 10.00, 'USD', 1)
					""").param("sku", sku).update();

			assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatus(404)
				.hasHeader("X-Data-Source", "replica")
				.containsHeader("X-Replica-Lag-Ms");
		}
		finally {
			infrastructure.resumeReplicaReplay();
		}
	}

	private MvcTestResult put(String uri, String sku, String json) {
		return mvc.put().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri(uri, sku).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
	}

	private static long lagOf(MockMvcTester.MockMvcRequestBuilder request) {
		MvcTestResult result = request.exchange();
		assertThat(result).hasStatusOk().hasHeader("X-Data-Source", "replica");
		return Long.parseLong(result.getResponse().getHeader("X-Replica-Lag-Ms"));
	}
}
