package io.securecart.fulfillment.shipment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aggregates against the migrated schema, and against the rows Hibernate wrote before Spring Data JDBC: versions
 * from 0, lines numbered from 0. Those rows are read and updated as they are, and new ones are written the same way.
 */
@ServiceIntegrationTest(properties = "securecart.messaging.retry.max-visibility-timeout-seconds=1")
class AggregateMappingIT {

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-MUG-002", 2, Money.of("12.50")),
			new OrderLine("SC-TEE-001", 1, Money.of("20.00")), new OrderLine("SC-CAP-003", 3, Money.of("7.25")));

	@Autowired
	OrderFulfillmentRepository fulfillments;

	@Autowired
	ShipmentRepository shipments;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	/**
	 * Fulfilments this class saved. A fulfilment left STARTING is one the start sweep of every later test's context
	 * starts (on that context's state machine, adding to what it counts), so none is left behind.
	 */
	private final List<UUID> saved = new ArrayList<>();

	@AfterEach
	void deleteWhatWasSaved() {
		for (UUID orderId : saved) {
			jdbc.sql("delete from fulfillment_line where order_id = :id").param("id", orderId).update();
			jdbc.sql("delete from fulfillment where order_id = :id").param("id", orderId).update();
			jdbc.sql("delete from shipment_line where shipment_id in (select id from shipment where order_id = :id)")
				.param("id", orderId)
				.update();
			jdbc.sql("delete from shipment where order_id = :id").param("id", orderId).update();
		}
	}

	@Test
	void aNewFulfillmentStartsAtVersionZeroWithItsLinesNumberedFromZero() {
		UUID orderId = newOrder();
		// Created now: the start sweep leaves a fulfilment alone until it has been STARTING for start-retry-after.
		fulfillments.save(new OrderFulfillment(orderId, "customer-" + orderId, LINES, clock.instant()));

		assertThat(version("fulfillment", "order_id", orderId)).isZero();
		assertThat(lineNumbers("fulfillment_line", "order_id", orderId)).containsExactly("0 SC-MUG-002",
				"1 SC-TEE-001", "2 SC-CAP-003");

		transaction.executeWithoutResult(status -> {
			OrderFulfillment locked = fulfillments.findLockedByOrderId(orderId).orElseThrow();
			locked.executionStarted("arn:aws:states:us-east-1:123456789012:execution:fulfillment:" + orderId);
			fulfillments.save(locked);
		});

		OrderFulfillment read = fulfillments.findById(orderId).orElseThrow();
		assertThat(read.getStatus()).isEqualTo(FulfillmentStatus.RUNNING);
		assertThat(read.getLines()).extracting(ShipmentLine::sku, ShipmentLine::quantity, ShipmentLine::unitPrice)
			.containsExactly(tuple("SC-MUG-002", 2, "12.50"), tuple("SC-TEE-001", 1, "20.00"),
					tuple("SC-CAP-003", 3, "7.25"));
		assertThat(version("fulfillment", "order_id", orderId)).isEqualTo(1);
		assertThat(lineNumbers("fulfillment_line", "order_id", orderId)).containsExactly("0 SC-MUG-002",
				"1 SC-TEE-001", "2 SC-CAP-003");
	}

	@Test
	void aShipmentHibernateWroteIsReadInItsLinesOrderAndUpdatedUnderItsVersion() {
		UUID orderId = newOrder();
		UUID shipmentId = UUID.randomUUID();
		jdbc.sql("""
				insert into shipment (id, order_id, customer_id, warehouse, status, created_at, version)
				values (:id, :orderId, 'customer', 'central', 'PICKING', :createdAt, 0)
				""")
			.param("id", shipmentId)
			.param("orderId", orderId)
			.param("createdAt", Timestamp.from(clock.instant()))
			.update();
		// Inserted out of order: the list follows line_number, not the rows' order.
		for (int line : new int[] { 2, 0, 1 }) {
			jdbc.sql("""
					insert into shipment_line (shipment_id, line_number, sku, quantity, unit_price, currency)
					values (:id, :line, :sku, 1, 10.00, 'EUR')
					""").param("id", shipmentId).param("line", line).param("sku", "SC-LINE-" + line).update();
		}

		Shipment read = shipments.findById(shipmentId).orElseThrow();
		assertThat(read.getLines()).extracting(ShipmentLine::sku).containsExactly("SC-LINE-0", "SC-LINE-1",
				"SC-LINE-2");
		Shipment stale = shipments.findById(shipmentId).orElseThrow();

		read.pick(new RecordingWarehouse());
		shipments.save(read);

		assertThat(version("shipment", "id", shipmentId)).isEqualTo(1);
		assertThat(shipments.findByOrderIdOrderByWarehouse(orderId)).singleElement()
			.extracting(Shipment::getStatus)
			.isEqualTo(ShipmentStatus.PICKED);
		assertThat(lineNumbers("shipment_line", "shipment_id", shipmentId)).containsExactly("0 SC-LINE-0",
				"1 SC-LINE-1", "2 SC-LINE-2");
		stale.cancel();
		assertThatThrownBy(() -> shipments.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);
		assertThat(shipments.findById(shipmentId).orElseThrow().getStatus()).isEqualTo(ShipmentStatus.PICKED);
	}

	@Test
	void aStepsProgressWritesTheShipmentsRowAloneUnderItsVersion() {
		UUID orderId = newOrder();
		UUID shipmentId = shipments
			.save(new Shipment(orderId, "customer-" + orderId, "central", LINES, clock.instant()))
			.getId();
		List<String> linesAsWritten = lineRowVersions("shipment_line", "shipment_id", shipmentId);
		Shipment stale = shipments.findById(shipmentId).orElseThrow();

		Shipment shipment = shipments.findById(shipmentId).orElseThrow();
		shipment.pick(new RecordingWarehouse());
		shipments.saveProgress(shipment);
		shipment.pack(new RecordingWarehouse());
		shipments.saveProgress(shipment);

		assertThat(version("shipment", "id", shipmentId)).isEqualTo(2);
		assertThat(shipments.findById(shipmentId).orElseThrow()).satisfies(read -> {
			assertThat(read.getStatus()).isEqualTo(ShipmentStatus.PACKED);
			assertThat(read.getLines()).extracting(ShipmentLine::sku)
				.containsExactly("SC-MUG-002", "SC-TEE-001", "SC-CAP-003");
		});
		// The same row versions: the lines were neither deleted nor written again.
		assertThat(lineRowVersions("shipment_line", "shipment_id", shipmentId)).isEqualTo(linesAsWritten);

		stale.cancel();
		assertThatThrownBy(() -> shipments.saveProgress(stale)).isInstanceOf(OptimisticLockingFailureException.class);
		assertThat(shipments.findById(shipmentId).orElseThrow().getStatus()).isEqualTo(ShipmentStatus.PACKED);
		assertThatThrownBy(() -> shipments.saveProgress(new Shipment(orderId, "customer", "north", LINES,
				clock.instant())))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("never saved");
	}

	@Test
	void aFulfillmentsStateChangeWritesItsRowAloneUnderItsVersion() {
		UUID orderId = newOrder();
		fulfillments.save(new OrderFulfillment(orderId, "customer-" + orderId, LINES, clock.instant()));
		List<String> linesAsWritten = lineRowVersions("fulfillment_line", "order_id", orderId);
		OrderFulfillment stale = fulfillments.findById(orderId).orElseThrow();

		transaction.executeWithoutResult(status -> {
			OrderFulfillment locked = fulfillments.findLockedByOrderId(orderId).orElseThrow();
			locked.executionStarted("arn:aws:states:us-east-1:123456789012:execution:fulfillment:" + orderId);
			fulfillments.saveProgress(locked);
			assertThat(locked.failed("Fulfillment.ItemDamaged", "a mug arrived broken", clock.instant())).isPresent();
			fulfillments.saveProgress(locked);
		});

		assertThat(version("fulfillment", "order_id", orderId)).isEqualTo(2);
		assertThat(fulfillments.findById(orderId).orElseThrow()).satisfies(read -> {
			assertThat(read.getStatus()).isEqualTo(FulfillmentStatus.FAILED);
			assertThat(read.getExecutionArn()).endsWith(orderId.toString());
			assertThat(read.getFailureError()).isEqualTo("Fulfillment.ItemDamaged");
			assertThat(read.getFailureCause()).isEqualTo("a mug arrived broken");
			assertThat(read.getCompletedAt()).isNotNull();
			assertThat(read.getLines()).extracting(ShipmentLine::sku)
				.containsExactly("SC-MUG-002", "SC-TEE-001", "SC-CAP-003");
		});
		assertThat(lineRowVersions("fulfillment_line", "order_id", orderId)).isEqualTo(linesAsWritten);

		stale.executionStarted("arn:aws:states:us-east-1:123456789012:execution:fulfillment:other");
		assertThatThrownBy(() -> fulfillments.saveProgress(stale))
			.isInstanceOf(OptimisticLockingFailureException.class);
		assertThat(fulfillments.findById(orderId).orElseThrow().getStatus()).isEqualTo(FulfillmentStatus.FAILED);
	}

	@Test
	void theLockedReadHoldsTheFulfillmentsRowUntilCommit() {
		UUID orderId = newOrder();
		// Created now: the start sweep leaves a fulfilment alone until it has been STARTING for start-retry-after.
		fulfillments.save(new OrderFulfillment(orderId, "customer-" + orderId, LINES, clock.instant()));

		transaction.executeWithoutResult(status -> {
			assertThat(fulfillments.findLockedByOrderId(orderId)).isPresent();

			// Another transaction reads the row, but waits for it locked: here, until its lock timeout.
			assertThat(CompletableFuture.supplyAsync(() -> fulfillments.findById(orderId)).join()).isPresent();
			CompletableFuture<?> lockedElsewhere = CompletableFuture.supplyAsync(() -> transaction.execute(other -> {
				jdbc.sql("set local lock_timeout = '200ms'").update();
				return fulfillments.findLockedByOrderId(orderId);
			}));
			assertThatThrownBy(lockedElsewhere::join).rootCause().hasMessageContaining("lock timeout");
		});
	}

	private UUID newOrder() {
		UUID orderId = UUID.randomUUID();
		saved.add(orderId);
		return orderId;
	}

	private long version(String table, String idColumn, UUID id) {
		return jdbc.sql("select version from " + table + " where " + idColumn + " = :id")
			.param("id", id)
			.query(Long.class)
			.single();
	}

	private List<String> lineNumbers(String table, String idColumn, UUID id) {
		return jdbc.sql("select line_number || ' ' || sku from " + table + " where " + idColumn + " = :id"
				+ " order by line_number").param("id", id).query(String.class).list();
	}

	/** Each line row's physical version (its creating transaction and place): a rewritten row has new ones. */
	private List<String> lineRowVersions(String table, String idColumn, UUID id) {
		return jdbc.sql("select line_number || ' ' || xmin || ' ' || ctid from " + table + " where " + idColumn
				+ " = :id order by line_number").param("id", id).query(String.class).list();
	}

	private static Tuple tuple(String sku, int quantity, String unitPrice) {
		return Tuple.tuple(sku, quantity, new BigDecimal(unitPrice));
	}
}
