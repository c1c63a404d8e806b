package io.securecart.checkout.order;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.StockReserved;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * An order's rows as Spring Data JDBC reads and writes them (ADR 28), including the rows Hibernate wrote before:
 * those start at version 0 and number lines and timeline entries from 0, as {@code @OrderColumn} did.
 */
class OrderRowsIT extends CheckoutIntegrationTestSupport {

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
			new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	@Autowired
	private OrderRepository repository;

	@Autowired
	private Orders orders;

	@Autowired
	private Clock clock;

	@Autowired
	private TransactionTemplate transaction;

	@Test
	void anOrderHibernateWroteReadsInItsOrderAndChangesLikeAnyOther() {
		String customer = newCustomer();
		UUID orderId = UUID.randomUUID();
		Instant placedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
		jdbc.sql("""
				insert into orders (id, customer_id, status, total, currency, created_at, version)
				values (:id, :customer, 'PLACED', 52.48, 'USD', :at, 0)""")
			.param("id", orderId)
			.param("customer", customer)
			.param("at", Timestamp.from(placedAt))
			.update();
		// Each list's rows stored last to first: only their numbers tell their order.
		line(orderId, 1, "SC-MUG-002", 1, "12.50");
		line(orderId, 0, "SC-TSHIRT-001", 2, "19.99");
		entry(orderId, 1, "StockReserved", placedAt);
		entry(orderId, 0, "OrderPlaced", placedAt);

		OrderView read = orders.view(orderId);

		assertThat(read.items()).extracting(OrderView.Item::sku).containsExactly("SC-TSHIRT-001", "SC-MUG-002");
		assertThat(read.timeline()).extracting(OrderView.TimelineItem::event)
			.as("events that happened at the same time, in the order they arrived")
			.containsExactly("OrderPlaced", "StockReserved");
		assertThat(read.total()).isEqualByComparingTo("52.48");

		orders.apply(new PaymentAuthorized(UUID.randomUUID(), orderId, customer, UUID.randomUUID(),
				Money.of("52.48"), LINES, placedAt.plusSeconds(60)));

		assertThat(orders.view(orderId).status()).isEqualTo(OrderStatus.PAID);
		assertThat(jdbc.sql("select version from orders where id = :id").param("id", orderId).query(Long.class).single())
			.isEqualTo(1);
		assertThat(jdbc.sql("select event_type from order_timeline where order_id = :id order by entry_no")
			.param("id", orderId)
			.query(String.class)
			.list()).containsExactly("OrderPlaced", "StockReserved", "PaymentAuthorized");
		assertThat(jdbc.sql("select entry_no from order_timeline where order_id = :id order by entry_no")
			.param("id", orderId)
			.query(Integer.class)
			.list()).containsExactly(0, 1, 2);
		assertThat(jdbc.sql("select line_no || ':' || sku from order_line where order_id = :id order by line_no")
			.param("id", orderId)
			.query(String.class)
			.list()).containsExactly("0:SC-TSHIRT-001", "1:SC-MUG-002");
	}

	@Test
	void aNewOrderIsInsertedAtVersion0WithItsRowsNumberedFrom0() {
		OrderView placed = placeOrder(newCustomer(), "SC-TSHIRT-001", 2);

		assertThat(jdbc.sql("select version from orders where id = :id").param("id", placed.id()).query(Long.class)
			.single()).isZero();
		assertThat(jdbc.sql("select line_no from order_line where order_id = :id").param("id", placed.id())
			.query(Integer.class)
			.list()).containsExactly(0);
		assertThat(jdbc.sql("select entry_no from order_timeline where order_id = :id").param("id", placed.id())
			.query(Integer.class)
			.list()).containsExactly(0);
	}

	@Test
	void ofTwoChangesToOneOrderReadAtTheSameTimeTheSecondSavedFails() {
		String customer = newCustomer();
		UUID orderId = placeOrder(customer, "SC-TSHIRT-001", 2).id();
		Order first = repository.findById(orderId).orElseThrow();
		Order second = repository.findById(orderId).orElseThrow();
		Instant now = clock.instant();
		first.stockReserved(new StockReserved(UUID.randomUUID(), orderId, customer, LINES, now), now);
		second.stockReserved(new StockReserved(UUID.randomUUID(), orderId, customer, LINES, now), now);

		repository.saveProgress(first);

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> repository.saveProgress(second));
		assertThat(jdbc.sql("select count(*) from order_timeline where order_id = :id").param("id", orderId)
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void anEventForAnOrderAnotherEventIsChangingWaitsForItAndIsAppliedAfterIt() {
		String customer = newCustomer();
		UUID orderId = placeOrder(customer, "SC-TSHIRT-001", 2).id();
		Instant now = clock.instant();
		AtomicReference<CompletableFuture<Void>> second = new AtomicReference<>();

		transaction.executeWithoutResult(first -> {
			orders.apply(new StockReserved(UUID.randomUUID(), orderId, customer, LINES, now));
			second.set(CompletableFuture.runAsync(() -> orders.apply(new PaymentAuthorized(UUID.randomUUID(), orderId,
					customer, UUID.randomUUID(), Money.of("39.98"), LINES, now))));
			await().atMost(Duration.ofSeconds(10)).until(this::aTransactionWaitsForALock);
		});

		assertThat(second.get()).succeedsWithin(Duration.ofSeconds(10));
		assertThat(orders.view(orderId).status()).isEqualTo(OrderStatus.PAID);
		assertThat(jdbc.sql("select entry_no || ' ' || event_type from order_timeline where order_id = :id"
				+ " order by entry_no").param("id", orderId).query(String.class).list())
			.containsExactly("0 OrderPlaced", "1 StockReserved", "2 PaymentAuthorized");
	}

	@Test
	void anEventsProgressWritesTheOrdersRowAndItsNewEntriesAlone() {
		String customer = newCustomer();
		UUID orderId = placeOrder(customer, "SC-TSHIRT-001", 2).id();
		List<String> linesAsPlaced = rowVersions("order_line", orderId);
		List<String> timelineAsPlaced = rowVersions("order_timeline", orderId);
		Order order = repository.findById(orderId).orElseThrow();
		Instant now = clock.instant();

		order.stockReserved(new StockReserved(UUID.randomUUID(), orderId, customer, LINES, now), now);
		repository.saveProgress(order);
		order.paymentAuthorized(new PaymentAuthorized(UUID.randomUUID(), orderId, customer, UUID.randomUUID(),
				order.total(), order.lines(), now), now);
		repository.saveProgress(order);

		assertThat(jdbc.sql("select status || ' ' || version from orders where id = :id")
			.param("id", orderId)
			.query(String.class)
			.single()).isEqualTo("PAID 2");
		assertThat(jdbc.sql("select entry_no || ' ' || event_type from order_timeline where order_id = :id"
				+ " order by entry_no").param("id", orderId).query(String.class).list())
			.containsExactly("0 OrderPlaced", "1 StockReserved", "2 PaymentAuthorized");
		// The same row versions: the lines and the first entry were neither deleted nor written again.
		assertThat(rowVersions("order_line", orderId)).containsExactlyInAnyOrderElementsOf(linesAsPlaced);
		assertThat(rowVersions("order_timeline", orderId)).containsAll(timelineAsPlaced).hasSize(3);
		assertThat(orders.view(orderId).timeline()).extracting(OrderView.TimelineItem::event)
			.containsExactly("OrderPlaced", "StockReserved", "PaymentAuthorized");
	}

	@Test
	void anOrderNotReadFromTheDatabaseHasNoProgressToSave() {
		Order placed = Order.place(newCustomer(), LINES, clock.instant());

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> repository.saveProgress(placed))
			.withMessageContaining("not read from the database");
	}

	private boolean aTransactionWaitsForALock() {
		return jdbc.sql("select count(*) from pg_stat_activity where datname = current_database()"
				+ " and wait_event_type = 'Lock' and query ilike '%orders%'").query(Long.class).single() > 0;
	}

	/** Each row's physical version (its creating transaction and place): a rewritten row has new ones. */
	private List<String> rowVersions(String table, UUID orderId) {
		return jdbc.sql("select xmin || ' ' || ctid from " + table + " where order_id = :id")
			.param("id", orderId)
			.query(String.class)
			.list();
	}

	private void line(UUID orderId, int lineNo, String sku, int quantity, String unitPrice) {
		jdbc.sql("""
				insert into order_line (order_id, line_no, sku, quantity, unit_price)
				values (:orderId, :lineNo, :sku, :quantity, cast(:unitPrice as numeric))""")
			.param("orderId", orderId)
			.param("lineNo", lineNo)
			.param("sku", sku)
			.param("quantity", quantity)
			.param("unitPrice", unitPrice)
			.update();
	}

	private void entry(UUID orderId, int entryNo, String eventType, Instant at) {
		jdbc.sql("""
				insert into order_timeline (order_id, entry_no, event_id, event_type, occurred_at, recorded_at)
				values (:orderId, :entryNo, :eventId, :eventType, :at, :at)""")
			.param("orderId", orderId)
			.param("entryNo", entryNo)
			.param("eventId", UUID.randomUUID())
			.param("eventType", eventType)
			.param("at", Timestamp.from(at))
			.update();
	}
}
