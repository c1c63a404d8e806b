package io.securecart.inventory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.securecart.testsupport.TestInfrastructure;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.awaitility.Awaitility.await;

/**
 * The inventory database as a test sees it from outside the service: the primary and the replica, each by its own
 * JDBC URL. Tests create their own products, with unique SKUs, so that they neither depend on nor disturb the demo
 * catalog or each other.
 */
public final class InventoryDatabase {

	private final JdbcClient primary;

	private final JdbcClient replica;

	private InventoryDatabase(JdbcClient primary, JdbcClient replica) {
		this.primary = primary;
		this.replica = replica;
	}

	public static InventoryDatabase connect() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		return new InventoryDatabase(client(infrastructure, infrastructure.jdbcUrl("inventory")),
				client(infrastructure, infrastructure.replicaJdbcUrl("inventory")));
	}

	private static JdbcClient client(TestInfrastructure infrastructure, String url) {
		return JdbcClient.create(new DriverManagerDataSource(url, infrastructure.postgresUser(),
				infrastructure.postgresPassword()));
	}

	public JdbcClient primary() {
		return primary;
	}

	public JdbcClient replica() {
		return replica;
	}

	/**
	 * Adds a product on the primary, priced 10.00 USD, and waits until the replica has it too. Its SKU and its name
	 * end with the same unique suffix, so a search for its name finds it alone.
	 */
	public String createProduct(String name, int stockOnHand) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String sku = "IT-" + name.toUpperCase().replace(' ', '-') + "-" + suffix;
		primary.sql("""
				insert into product (sku, name, description, price, currency, stock_on_hand)
				values (:sku, :name, 'Created by an integration test', 10.00, 'USD', :stock)
				""").param("sku", sku).param("name", "IT " + name + " " + suffix).param("stock", stockOnHand).update();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> replica.sql("select count(*) from product where sku = :sku")
				.param("sku", sku)
				.query(Integer.class)
				.single() == 1);
		return sku;
	}

	/** The product's name: what a catalog search finds it by (searches look at names and descriptions). */
	public String nameOf(String sku) {
		return primary.sql("select name from product where sku = :sku").param("sku", sku).query(String.class).single();
	}

	/** Waits until the replica says yes to {@code query} (one boolean, parameter {@code :sku}). */
	public void awaitOnReplica(String query, String sku) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> replica.sql(query).param("sku", sku).query(Boolean.class).single());
	}

	/**
	 * Transactions the server committed in the {@code inventory} database ({@code pg_stat_database}). A standby
	 * counts only its own sessions' transactions, not the primary's it replays.
	 */
	public static long committedTransactions(JdbcClient server) {
		return server.sql("select xact_commit from pg_stat_database where datname = 'inventory'")
			.query(Long.class)
			.single();
	}

	/** Scans of the product table that the server ran itself; a standby counts its own reads too. */
	public static long productScans(JdbcClient server) {
		return server.sql("""
				select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where relname = 'product'
				""").query(Long.class).single();
	}

	/** Stock of a product as the primary has it now. */
	public Stock stock(String sku) {
		return primary.sql("select stock_on_hand, reserved from product where sku = :sku")
			.param("sku", sku)
			.query(Stock.class)
			.single();
	}

	/** The product's version as the primary has it now: what its {@code ETag} says once a read reflects it. */
	public long version(String sku) {
		return primary.sql("select version from product where sku = :sku").param("sku", sku).query(Long.class).single();
	}

	/**
	 * The primary's WAL position now ({@code pg_current_wal_lsn()}): as a {@code Consistency-Token}, a read that sends
	 * it includes every write committed so far.
	 */
	public String position() {
		return primary.sql("select pg_current_wal_lsn()::text").query(String.class).single();
	}

	public List<ReservationRow> reservations(UUID orderId) {
		return primary.sql("select sku, quantity, status from reservation where order_id = :orderId order by sku")
			.param("orderId", orderId)
			.query(ReservationRow.class)
			.list();
	}

	/** How many events of a type the service wrote to its outbox about an order. */
	public int outboxEvents(String eventType, UUID orderId) {
		return primary.sql("""
				select count(*) from outbox_message where event_type = :eventType and payload like :orderId
				""")
			.param("eventType", eventType)
			.param("orderId", "%" + orderId + "%")
			.query(Integer.class)
			.single();
	}

	/** Whether the service has applied (or deliberately skipped) the event with this id. */
	public boolean inboxHas(UUID eventId) {
		return primary.sql("select count(*) from inbox_message where event_id = :eventId")
			.param("eventId", eventId)
			.query(Integer.class)
			.single() > 0;
	}

	public record Stock(int stockOnHand, int reserved) {
	}

	public record ReservationRow(String sku, int quantity, String status) {
	}
}
