package io.securecart.inventory.datasource;

import java.time.Duration;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.inventory.InventoryDatabase.ReservationRow;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.securecart.inventory.OrderEvents.line;
import static io.securecart.inventory.OrderEvents.paymentAuthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the service's queries run, checked on the database servers themselves: a read-only transaction reaches the
 * streaming replica (a server in recovery), everything else the primary. Routing that silently fell back to the
 * primary would pass every functional test; these fail.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class ReadReplicaIT {

	private static final InventoryDatabase db = InventoryDatabase.connect();

	private static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	@PersistenceContext
	EntityManager entityManager;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MockMvcTester mvc;

	@AfterAll
	static void closeMessaging() {
		messaging.close();
	}

	@Test
	void readOnlyJpaTransactionsRunOnTheReplicaAndTheRestOnThePrimary() {
		TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
		readOnly.setReadOnly(true);
		TransactionTemplate readWrite = new TransactionTemplate(transactionManager);

		Server readOnlyJpa = readOnly.execute(status -> serverOfJpa());
		Server readWriteJpa = readWrite.execute(status -> serverOfJpa());
		// The outbox and the inbox write with JDBC inside the JPA transaction: it must be the same connection, or
		// an event could be committed without the state change it announces.
		Server readWriteJdbc = readWrite.execute(status -> serverOfJdbc());
		Boolean sameConnection = readWrite.execute(status -> backendPidOfJpa() == backendPidOfJdbc());

		assertThat(readOnlyJpa).isEqualTo(new Server(true, "inventory-replica"));
		assertThat(readWriteJpa).isEqualTo(new Server(false, "inventory-primary"));
		assertThat(readWriteJdbc).isEqualTo(new Server(false, "inventory-primary"));
		assertThat(sameConnection).isTrue();
		// Each pool is connected to its own server only.
		assertThat(connections(db.replica(), "inventory-replica")).isPositive();
		assertThat(connections(db.primary(), "inventory-replica")).isZero();
		assertThat(connections(db.replica(), "inventory-primary")).isZero();
	}

	@Test
	void catalogReadsAreServedByTheReplica() {
		String sku = db.createProduct("replica read", 7);
		long replicaScansBefore = productScans(db.replica());
		long primaryScansBefore = productScans(db.primary());
		int reads = 50;

		for (int i = 0; i < reads; i++) {
			assertThat(mvc.get().uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(7);
		}

		// Each server counts the scans of the product table it ran itself; a standby counts its own reads too.
		// Statistics reach the views shortly after each transaction, hence the wait.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(productScans(db.replica()) - replicaScansBefore)
				.isGreaterThanOrEqualTo(reads));
		assertThat(productScans(db.primary()) - primaryScansBefore).isLessThan(reads);
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
			.untilAsserted(() -> assertThat(mvc.get().uri("/api/catalog/products/{sku}", sku)).hasStatusOk()
				.bodyJson()
				.extractingPath("$.availableStock")
				.isEqualTo(6));
	}

	private Server serverOfJpa() {
		Object[] row = (Object[]) entityManager
			.createNativeQuery("select pg_is_in_recovery(), current_setting('application_name')")
			.getSingleResult();
		return new Server((Boolean) row[0], (String) row[1]);
	}

	private Server serverOfJdbc() {
		return jdbc.sql("select pg_is_in_recovery(), current_setting('application_name')")
			.query((rs, rowNum) -> new Server(rs.getBoolean(1), rs.getString(2)))
			.single();
	}

	private int backendPidOfJpa() {
		return ((Number) entityManager.createNativeQuery("select pg_backend_pid()").getSingleResult()).intValue();
	}

	private int backendPidOfJdbc() {
		return jdbc.sql("select pg_backend_pid()").query(Integer.class).single();
	}

	private static long productScans(JdbcClient server) {
		return server.sql("""
				select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'product'
				""").query(Long.class).single();
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
