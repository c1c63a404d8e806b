package io.securecart.inventory.recommendation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.securecart.inventory.InventoryDatabase;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read model's two writers at once, on PostgreSQL: a batch of the activity stream (many customers, one
 * transaction) and a shipped order's transaction. Interleaved so that a lock per customer deadlocks (ChaosIT found it,
 * session 30): the batch has counted one customer's view, the order's transaction comes in for a second customer, and
 * then the batch reaches that second customer's view. Each writer must finish, and the counts must be those of the two
 * applied one after the other.
 */
@ServiceIntegrationTest
class AlsoBoughtConcurrencyIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final InventoryDatabase db = InventoryDatabase.connect();

	private final ExecutorService writers = Executors.newFixedThreadPool(2);

	@Autowired
	AlsoBought alsoBought;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void stopWriters() {
		writers.shutdownNow();
	}

	@Test
	void aStreamBatchAndAShippedOrderOfCustomersItTouchesBothFinishWithTheCountsOfOneAfterTheOther() throws Exception {
		String tee = db.createProduct("tee", 10);
		String mug = db.createProduct("mug", 10);
		String ann = "ann-" + UUID.randomUUID();
		String cat = "cat-" + UUID.randomUUID();
		transactions.executeWithoutResult(tx -> {
			alsoBought.bought(ann, List.of(mug));
			alsoBought.interested(cat, tee);
		});

		CountDownLatch annsViewCounted = new CountDownLatch(1);
		CountDownLatch shippedOrderWaits = new CountDownLatch(1);
		CompletableFuture<Void> streamBatch = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
			alsoBought.interested(ann, tee);
			annsViewCounted.countDown();
			awaitQuietly(shippedOrderWaits);
			alsoBought.interested(cat, mug);
		}), writers);
		assertThat(annsViewCounted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Integer> shippedOrderBackend = new CompletableFuture<>();
		CompletableFuture<Void> shippedOrder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
			shippedOrderBackend.complete(jdbc.sql("select pg_backend_pid()").query(Integer.class).single());
			alsoBought.bought(cat, List.of(mug));
		}), writers);
		int backend = shippedOrderBackend.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		await().atMost(PATIENCE).until(() -> waitsForALock(backend));
		shippedOrderWaits.countDown();

		streamBatch.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		shippedOrder.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		// Both customers were interested in the tee and bought the mug; the mug is nobody's view before a purchase.
		assertThat(customers(tee, mug)).isEqualTo(2);
		assertThat(customers(mug, tee)).isZero();
	}

	@Test
	void aSkuOutsideTheCatalogIsNobodysInterest() {
		String ann = "ann-" + UUID.randomUUID();
		String madeUp = "SC-MADE-UP-" + UUID.randomUUID().toString().substring(0, 8);
		String mug = db.createProduct("mug", 10);

		transactions.executeWithoutResult(tx -> {
			alsoBought.bought(ann, List.of(mug));
			alsoBought.interested(ann, madeUp);
		});

		assertThat(jdbc.sql("select count(*) from customer_product_interest where sku = :sku")
			.param("sku", madeUp)
			.query(Long.class)
			.single()).isZero();
		assertThat(customers(madeUp, mug)).isZero();
	}

	private boolean waitsForALock(int backend) {
		return jdbc.sql("select wait_event_type = 'Lock' from pg_stat_activity where pid = :pid")
			.param("pid", backend)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	private int customers(String sku, String alsoBoughtSku) {
		return jdbc.sql("select customers from product_affinity where sku = :sku and also_bought_sku = :also")
			.param("sku", sku)
			.param("also", alsoBoughtSku)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException("the shipped order's transaction never waited for a lock");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
