package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.inventory.BackOffice;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.inventory.InventoryDatabase.ReservationRow;
import io.securecart.inventory.datasource.ReplicaState.Condition;
import io.securecart.platform.outbox.OutboxRelay;
import io.securecart.testsupport.MovableClock;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import io.securecart.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.securecart.inventory.InventoryDatabase.committedTransactions;
import static io.securecart.inventory.InventoryDatabase.productScans;
import static io.securecart.inventory.OrderEvents.line;
import static io.securecart.inventory.OrderEvents.paymentAuthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Where the service's queries run, checked on the database servers themselves: a read-only transaction reaches the
 * streaming replica (a server in recovery), everything else the primary. Routing that silently fell back to the
 * primary would pass every functional test; these fail. So would a cache that never hit, or a write that did not
 * reach the primary.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class ReadReplicaIT {

	private static final InventoryDatabase db = InventoryDatabase.connect();

	private static final TestInfrastructure infrastructure = TestInfrastructure.shared();

	private static final TestMessaging messaging = new TestMessaging(infrastructure);

	/** What Spring Data JDBC runs the repositories' statements through (Boot hands it to their data access). */
	@Autowired
	NamedParameterJdbcOperations repositoryJdbc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	OutboxRelay outboxRelay;

	@Autowired
	HikariDataSource primaryProbeDataSource;

	/**
	 * The replica monitor reads the primary through a pool of its own, with a short wait for its connection, a
	 * socket timeout and a query timeout: a busy shared pool or a hung primary cannot hold the only probe.
	 */
	@Test
	void theProbesReadOfThePrimaryIsBounded() {
		assertThat(primaryProbeDataSource.getMaximumPoolSize()).isOne();
		assertThat(primaryProbeDataSource.getConnectionTimeout()).isLessThanOrEqualTo(250);
		assertThat(primaryProbeDataSource.getDataSourceProperties()).containsEntry("socketTimeout", "3");
		JdbcClient probe = ReadReplicaDataSourceConfiguration.primaryProbe(primaryProbeDataSource);
		assertThat(DatabasePosition.of(probe).replica()).as("the primary").isFalse();

		assertTimeoutPreemptively(Duration.ofSeconds(3),
				() -> assertThatThrownBy(() -> probe.sql("select pg_sleep(10)::text").query(String.class).single())
					.isInstanceOf(DataAccessException.class)
					.hasMessageContaining("cancel"));
	}

	@AfterAll
	static void closeMessaging() {
		messaging.close();
	}

	@Test
	void readOnlyRepositoryTransactionsRunOnTheReplicaAndTheRestOnThePrimary() {
		TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
		readOnly.setReadOnly(true);
		TransactionTemplate readWrite = new TransactionTemplate(transactionManager);

		Server readOnlyRepositories = readOnly.execute(status -> serverOfRepositories());
		Server readWriteRepositories = readWrite.execute(status -> serverOfRepositories());
		// The outbox and the inbox write with their own JdbcClient inside the transaction that saves the aggregates:
		// it must be the same connection, or an event could be committed without the state change it announces.
		Server readWriteJdbc = readWrite.execute(status -> serverOfJdbc());
		Boolean sameConnection = readWrite.execute(status -> backendPidOfRepositories() == backendPidOfJdbc());

		assertThat(readOnlyRepositories).isEqualTo(new Server(true, "inventory-replica"));
		assertThat(readWriteRepositories).isEqualTo(new Server(false, "inventory-primary"));
		assertThat(readWriteJdbc).isEqualTo(new Server(false, "inventory-primary"));
		assertThat(sameConnection).isTrue();
		// Each pool is connected to its own server only.
		assertThat(connections(db.replica(), "inventory-replica")).isPositive();
		assertThat(connections(db.primary(), "inventory-replica")).isZero();
		assertThat(connections(db.replica(), "inventory-primary")).isZero();
	}

	@Test
	void aBurstOfCatalogReadsRunsOnTheReplicaAndBarelyTouchesThePrimary() {
		String sku = db.createProduct("burst", 7);
		String name = db.nameOf(sku);
		int reads = 200;
		// The outbox relay commits a transaction on the primary every 100 ms, whatever the catalog does: stopped
		// meanwhile, so that the primary's counter shows the catalog's traffic alone.
		outboxRelay.stop();
		try {
			long replicaScansBefore = productScans(db.replica());
			long primaryScansBefore = productScans(db.primary());
			long primaryCommitsBefore = committedTransactions(db.primary());

			// Searches are never cached: each one is a transaction on a database server.
			for (int i = 0; i < reads; i++) {
				assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products?q={name}", name)).hasStatusOk()
					.hasHeader("X-Data-Source", "replica")
					.bodyJson()
					.extractingPath("$.totalItems")
					.isEqualTo(1);
			}

			// Each server counts what its own sessions did, and publishes a session's counters up to 10 s after its
			// last activity: hence the wait. On the replica, scans of the product table, which only catalog reads
			// make (every query this test sends the replica is a transaction there too, so its transaction count
			// would flatter it). By the time the replica shows the burst, the primary would have shown it too.
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(productScans(db.replica()) - replicaScansBefore)
					.isGreaterThanOrEqualTo(reads));
			assertThat(committedTransactions(db.primary()) - primaryCommitsBefore).isLessThan(reads / 4);
			assertThat(productScans(db.primary()) - primaryScansBefore).isLessThan(reads / 10);
		}
		finally {
			outboxRelay.start();
		}
	}

	@Test
	void productLookupsAreCachedForAFewSecondsAndSayHowOldTheyAre() {
		String sku = db.createProduct("cached", 7);
		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
			.hasHeader("X-Data-Source", "replica")
			.hasHeader("Age", "0")
			.containsHeader("X-Replica-Lag-Ms");

		// A reservation does not evict the product (see ProductCache): two units taken behind the cache's back.
		db.primary().sql("update product set reserved = 2 where sku = :sku").param("sku", sku).update();
		db.awaitOnReplica("select reserved = 2 from product where sku = :sku", sku);

		assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
			.containsHeader("Age")
			.bodyJson()
			.extractingPath("$.availableStock")
			.isEqualTo(7);
		// Within the time to live (5 s), and labelled with its age all along.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasHeader("Age", "0")
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(5));
	}

	@Test
	void aWriteRunsOnThePrimaryAndReachesTheReplicaOnlyByReplication() {
		String sku = db.createProduct("written", 7);
		infrastructure.pauseReplicaReplay();
		try {
			// Read with a token of now, the paused replica cannot answer: the ETag comes from the primary.
			assertThat(new BackOffice(mvc, db).countStock(sku, 70)).hasStatusOk()
				.hasHeader("X-Data-Source", "primary")
				.containsHeader("Consistency-Token");

			assertThat(db.stock(sku).stockOnHand()).isEqualTo(70);
			assertThat(db.replica()
				.sql("select stock_on_hand from product where sku = :sku")
				.param("sku", sku)
				.query(Integer.class)
				.single()).isEqualTo(7);
		}
		finally {
			infrastructure.resumeReplicaReplay();
		}
		db.awaitOnReplica("select stock_on_hand = 70 from product where sku = :sku", sku);
	}

	/**
	 * The replica judged by the primary's history, not by its own word. Replay is paused while the primary writes;
	 * the monitor's clock then moves past {@code max-lag} while real time barely does, so the replica's own account
	 * (time since its last replayed commit, or 0 once it replayed all it received, as a stalled WAL receiver reports)
	 * stays within the limit: only the position it has not replayed since the primary wrote it shows the lag.
	 */
	@Test
	void aReplicaThatHasNotReplayedWhatThePrimaryWroteMaxLagAgoLagsWhateverItReportsItself() {
		Duration maxLag = Duration.ofSeconds(10);
		MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
		ReplicaMonitor monitor = new ReplicaMonitor(db.replica(), db.primary(),
				new ReplicaDataSourceProperties(true, "unused", Duration.ofSeconds(1), maxLag), clock);
		String fresh = db.createProduct("replayed before the pause", 1);
		db.awaitOnReplica("select count(*) = 1 from product where sku = :sku", fresh);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);

		infrastructure.pauseReplicaReplay();
		try {
			db.primary().sql("update product set stock_on_hand = 2 where sku = :sku").param("sku", fresh).update();
			monitor.probe();
			assertThat(monitor.state().condition()).as("not behind for longer than max-lag yet")
				.isEqualTo(Condition.STREAMING);

			clock.advance(maxLag.plusSeconds(1));
			monitor.probe();

			ReplicaState state = monitor.state();
			assertThat(state.condition()).isEqualTo(Condition.LAGGING);
			assertThat(state.servesReads()).isFalse();
			assertThat(state.lag()).isGreaterThan(maxLag);
			assertThat(state.problem()).contains("not replayed WAL the primary wrote");
		}
		finally {
			infrastructure.resumeReplicaReplay();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			monitor.probe();
			assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);
		});
	}

	/**
	 * The timelines the monitor compares, read as the service's own user (no superuser, no
	 * {@code pg_read_all_stats}): a standby's from its control file, the primary's from its current WAL file's name.
	 * A failover cannot be staged on the shared clusters; what an orphan and a follower name after one was checked by
	 * hand (ADR 2).
	 */
	@Test
	void theReplicaAndThePrimaryTellTheirTimelinesToTheServicesUser() {
		Long primaryTimeline = ReplicaMonitor.timelineOfPrimary(db.primary());
		Long replicaTimeline = ReplicaMonitor.timelineOfReplica(db.replica());

		assertThat(primaryTimeline).isNotNull().isPositive();
		assertThat(replicaTimeline).as("a replica that follows its primary").isEqualTo(primaryTimeline);
	}

	@Test
	void aReservationIsWrittenToThePrimaryAndReachesTheCatalogByReplication() {
		String sku = db.createProduct("replicated", 10);
		PaymentAuthorized paid = paymentAuthorized(UUID.randomUUID(), line(sku, 4));

		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(db.reservations(paid.orderId()))
				.containsExactly(new ReservationRow(sku, 4, "RESERVED")));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(mvc.get().header(HttpHeaders.AUTHORIZATION, TestTokens.shared().admin()).uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(6));
	}

	private Server serverOfRepositories() {
		return repositoryJdbc.queryForObject("select pg_is_in_recovery(), current_setting('application_name')",
				Map.of(), (rs, rowNum) -> new Server(rs.getBoolean(1), rs.getString(2)));
	}

	private Server serverOfJdbc() {
		return jdbc.sql("select pg_is_in_recovery(), current_setting('application_name')")
			.query((rs, rowNum) -> new Server(rs.getBoolean(1), rs.getString(2)))
			.single();
	}

	private int backendPidOfRepositories() {
		return repositoryJdbc.queryForObject("select pg_backend_pid()", Map.of(), Integer.class);
	}

	private int backendPidOfJdbc() {
		return jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
	}

	private static int connections(JdbcClient server, String applicationName) {
		return server.sql("""
				select count(*) from pg_stat_activity where datname = 'inventory' and application_name = :name
				""").param("name", applicationName).query(Integer.class).single();
	}

	/** Which server a query ran on, as that server reports it. */
	record Server(boolean inRecovery, String applicationName) {
	}
}
