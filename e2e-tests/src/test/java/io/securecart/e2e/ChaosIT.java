package io.securecart.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.provisioner.Topology;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing lost, nothing done twice, under fire. Places {@code -Dchaos.orders} orders (300 by default; more for a soak
 * run) while: payment-service and inventory-service are killed with SIGKILL mid-stream and restarted; the payment
 * gateway fails 20% of calls; real events are delivered again (duplicates, as SNS and SQS may); and poison messages
 * are put on the queues. Then checks every invariant against the services' own databases and the dead-letter queues.
 */
class ChaosIT {

	private static final Logger log = LoggerFactory.getLogger(ChaosIT.class);

	private static final int ORDERS = Integer.getInteger("chaos.orders", 300);

	/** This run's customers (RunningSystem registers them at the authorization server). */
	private static final String RUN = RunningSystem.CHAOS_CUSTOMERS;

	/** SKUs with plenty of stock, one that runs out during the run, and one sold out from the start. */
	private static final List<String> SKUS = List.of("SC-TSHIRT-001", "SC-MUG-002", "SC-STICKER-004",
			"SC-STICKER-004", "SC-LAPTOP-005", "SC-POSTER-006");

	private final RunningSystem system = RunningSystem.get();

	private final Shopper shopper = new Shopper(system);

	private final Databases databases = new Databases(system.infrastructure());

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final AtomicInteger duplicatesInjected = new AtomicInteger();

	@Test
	void losesNoOrderAndDoesNothingTwice() {
		Map<String, Integer> initialStock = stockOnHand();
		setGatewayTransientFailureRate(0.2);
		List<String> poison = injectPoisonMessages();

		ScheduledExecutorService duplicator = Executors.newSingleThreadScheduledExecutor();
		duplicator.scheduleWithFixedDelay(this::redeliverSomePublishedEvents, 1, 1, TimeUnit.SECONDS);
		List<String> orderIds = new ArrayList<>();
		try {
			for (int i = 0; i < ORDERS; i++) {
				if (i == ORDERS / 3) {
					system.kill(Service.PAYMENT);
				}
				if (i == ORDERS / 3 + 20) {
					system.restart(Service.PAYMENT);
					setGatewayTransientFailureRate(0.2);
				}
				if (i == 2 * ORDERS / 3) {
					system.kill(Service.INVENTORY);
				}
				if (i == 2 * ORDERS / 3 + 20) {
					system.restart(Service.INVENTORY);
				}
				orderIds.add(placeOrder(i));
			}
			await("every order reaches SHIPPED or CANCELLED").atMost(Duration.ofMinutes(6))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> countOrders("status in ('PLACED', 'PAID')") == 0);
		}
		finally {
			duplicator.shutdownNow();
			setGatewayTransientFailureRate(0.0);
		}

		assertThat(countOrders("true")).isEqualTo(orderIds.size());
		long shipped = countOrders("status = 'SHIPPED'");
		long declined = countOrders("status = 'CANCELLED' and cancellation_reason = 'PAYMENT_DECLINED'");
		long outOfStock = countOrders("status = 'CANCELLED' and cancellation_reason = 'OUT_OF_STOCK'");
		assertThat(shipped + declined + outOfStock).isEqualTo(ORDERS);
		assertThat(shipped).isPositive();
		assertThat(declined).isPositive();
		assertThat(outOfStock).isPositive();

		// Paid orders: exactly one authorisation each; no refund without a charge.
		JdbcClient payment = databases.of(Service.PAYMENT);
		assertThat(payment.sql("select count(*) from payment where customer_id like :run group by order_id "
				+ "having count(*) > 1").param("run", RUN + "%").query(Long.class).list()).isEmpty();
		assertThat(countPayments("AUTHORIZED")).isEqualTo(shipped);
		assertThat(countPayments("REFUNDED")).isEqualTo(outOfStock);
		assertThat(countPayments("DECLINED")).isEqualTo(declined);

		// Stock: never negative, nothing left reserved, and exactly the shipped quantities left the shelves.
		await("reservations of shipped orders committed").atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(stockOnHand()).isEqualTo(expectedStock(initialStock)));
		JdbcClient inventory = databases.of(Service.INVENTORY);
		assertThat(inventory.sql("select count(*) from product where stock_on_hand < 0 or reserved <> 0")
			.query(Long.class)
			.single()).isZero();

		// Exactly one notification per customer-facing event.
		await("notifications").atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(notificationsByKind()).containsEntry("ORDER_SHIPPED", shipped)
				.containsEntry("PAYMENT_DECLINED", declined)
				.containsEntry("ORDER_CANCELLED_REFUNDED", outOfStock));
		assertThat(databases.of(Service.NOTIFICATION)
			.sql("select count(*) from notification where customer_id like :run group by order_id having count(*) > 1")
			.param("run", RUN + "%")
			.query(Long.class)
			.list()).isEmpty();

		// The dead-letter queues hold the poison messages, and nothing else.
		await("poison messages dead-lettered").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(drainDeadLetterQueues()).containsExactlyInAnyOrderElementsOf(poison));
		List<String> deadLettered = drainDeadLetterQueues();

		log.info("CHAOS SUMMARY orders={} shipped={} declined={} outOfStock={} authorizations={} refunds={} "
				+ "duplicatesInjected={} kills=2 gatewayFailureRate=0.2 poison={} deadLettered={} notifications={}",
				ORDERS, shipped, declined, outOfStock, countPayments("AUTHORIZED"), countPayments("REFUNDED"),
				duplicatesInjected.get(), poison.size(), deadLettered.size(), notificationsByKind());
	}

	private String placeOrder(int i) {
		String customer = RunningSystem.customer(i % 40);
		String token = i % 10 == 7 ? "tok_declined" : (i % 10 == 3 ? "tok_flaky" : "tok_visa");
		String sku = SKUS.get(i % SKUS.size());
		Shopper.Response response = await("order " + i + " accepted").atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> shopper.placeOrder(customer, token, sku, 1 + i % 2), placed -> placed.status() == 202);
		return response.orderId();
	}

	/** Poison: bodies that can never be processed, on a FIFO queue and on standard queues. */
	private List<String> injectPoisonMessages() {
		List<String> bodies = new ArrayList<>();
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			String fifoPoison = "{\"poison\": \"" + RUN + "-fifo\"";
			messaging.sendRaw(MessagingNames.ORDERS_QUEUE, "OrderPlaced", fifoPoison, RUN + "-poison-group",
					RUN + "-poison-1");
			bodies.add(fifoPoison);
			for (String queue : List.of(MessagingNames.INVENTORY_QUEUE, MessagingNames.NOTIFICATION_QUEUE)) {
				String body = "{\"poison\": \"" + RUN + "-" + queue + "\"";
				messaging.sendRaw(queue, "PaymentAuthorized", body, null, null);
				bodies.add(body);
			}
			String unknownOrder = codec.encode(new io.securecart.contracts.events.PaymentDeclined(UUID.randomUUID(),
					UUID.randomUUID(), RUN + "-nobody", "no such order", java.time.Instant.now()));
			messaging.sendRaw(MessagingNames.CHECKOUT_QUEUE, "PaymentDeclined", unknownOrder, null, null);
			bodies.add(unknownOrder);
		}
		return bodies;
	}

	/** At-least-once delivery, made visible: real, already published events are delivered once more. */
	private void redeliverSomePublishedEvents() {
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			for (Service publisher : List.of(Service.PAYMENT, Service.INVENTORY, Service.FULFILLMENT)) {
				databases.of(publisher)
					.sql("""
							select event_type, payload from outbox_message
							where published_at is not null and destination_kind = 'TOPIC' and payload like :run
							order by random() limit 2""")
					.param("run", "%" + RUN + "%")
					.query((rs, row) -> codec.decode(rs.getString(1), rs.getString(2)))
					.list()
					.forEach(event -> {
						messaging.publish(event);
						duplicatesInjected.incrementAndGet();
					});
			}
			databases.of(Service.CHECKOUT)
				.sql("""
						select payload, group_id from outbox_message
						where published_at is not null and destination_kind = 'FIFO_QUEUE' and payload like :run
						order by random() limit 1""")
				.param("run", "%" + RUN + "%")
				.query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
				.list()
				.forEach(row -> {
					// A fresh dedup id, so FIFO deduplication cannot hide the duplicate from the consumer.
					messaging.sendRaw(MessagingNames.ORDERS_QUEUE, "OrderPlaced", row.get(0), row.get(1),
							UUID.randomUUID().toString());
					duplicatesInjected.incrementAndGet();
				});
		}
		catch (RuntimeException ex) {
			log.warn("Could not inject duplicates this round: {}", ex.toString());
		}
	}

	private List<String> drainDeadLetterQueues() {
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			return Topology.declared()
				.queues()
				.stream()
				.map(queue -> queue.deadLetter().name())
				.map(messaging::messagesOn)
				.flatMap(Collection::stream)
				.map(Message::body)
				.distinct()
				.toList();
		}
	}

	private void setGatewayTransientFailureRate(double rate) {
		system.client(Service.PAYMENT, "ops")
			.put()
			.uri("/api/admin/gateway")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("transientFailureRate", rate))
			.retrieve()
			.toBodilessEntity();
	}

	private long countOrders(String condition) {
		return databases.of(Service.CHECKOUT)
			.sql("select count(*) from orders where customer_id like :run and " + condition)
			.param("run", RUN + "%")
			.query(Long.class)
			.single();
	}

	private long countPayments(String status) {
		return databases.of(Service.PAYMENT)
			.sql("select count(*) from payment where customer_id like :run and status = :status")
			.param("run", RUN + "%")
			.param("status", status)
			.query(Long.class)
			.single();
	}

	private Map<String, Long> notificationsByKind() {
		Map<String, Long> counts = new HashMap<>();
		databases.of(Service.NOTIFICATION)
			.sql("select kind, count(*) from notification where customer_id like :run group by kind")
			.param("run", RUN + "%")
			.query((rs, row) -> counts.put(rs.getString(1), rs.getLong(2)))
			.list();
		return counts;
	}

	private Map<String, Integer> stockOnHand() {
		return databases.of(Service.INVENTORY)
			.sql("select sku, stock_on_hand from product where sku in (:skus)")
			.param("skus", new HashSet<>(SKUS))
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getInt(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private Map<String, Integer> expectedStock(Map<String, Integer> initial) {
		Map<String, Integer> expected = new HashMap<>(initial);
		databases.of(Service.FULFILLMENT)
			.sql("""
					select l.sku, sum(l.quantity) from shipment s join shipment_line l on l.shipment_id = s.id
					where s.customer_id like :run and s.status = 'SHIPPED' group by l.sku""")
			.param("run", RUN + "%")
			.query((rs, row) -> expected.merge(rs.getString(1), -rs.getInt(2), Integer::sum))
			.list();
		return expected;
	}
}
