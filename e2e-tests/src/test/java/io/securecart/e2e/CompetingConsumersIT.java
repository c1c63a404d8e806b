package io.securecart.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Competing consumers (ADR 20): two payment-service and two inventory-service instances on the same queues, as
 * {@code ./securecart up --scale payment=2,inventory=2} runs them. A few customers each place several orders in a
 * burst ({@code orders.fifo} groups them by customer) while both payment instances' listeners are paused; then the
 * second alone takes them, its simulated gateway answering in 1 s, so that it is certain to hold messages when it is
 * killed with SIGKILL after its first charge; then the first takes over. Proves: each customer's orders are charged in the order they were placed,
 * across the two instances; no event is applied twice (one payment per order, one reservation, the stock moved by
 * exactly what shipped, also when every event is delivered twice more to both inventory instances at once); and no
 * message is stranded with the dead instance: SQS makes its in-flight messages visible again after the visibility
 * timeout (30 s), and every order ships. {@code -Dcompeting.orders-per-customer=25} for a heavier run.
 */
class CompetingConsumersIT {

	private static final Logger log = LoggerFactory.getLogger(CompetingConsumersIT.class);

	private static final int CUSTOMERS = 4;

	private static final int ORDERS_PER_CUSTOMER = Integer.getInteger("competing.orders-per-customer", 5);

	/** Plenty of stock (1,000 at the start), so that every order ships. */
	private static final String SKU = "SC-STICKER-004";

	/** Under the gateway's 2-s time limit: the second payment instance is slow, never failing. */
	private static final Duration SLOW_GATEWAY = Duration.ofSeconds(1);

	private static final RunningSystem system = RunningSystem.get();

	private static RunningSystem.Instance secondPayment;

	private static RunningSystem.Instance secondInventory;

	private final Shopper shopper = new Shopper(system);

	private final Databases databases = new Databases(system.infrastructure());

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@BeforeAll
	static void startSecondInstances() {
		secondPayment = system.startInstance(Service.PAYMENT, 2);
		secondInventory = system.startInstance(Service.INVENTORY, 2);
		system.awaitReady(List.of(secondPayment, secondInventory));
	}

	@AfterAll
	static void stopSecondInstances() {
		if (secondInventory != null) {
			secondInventory.stop();
		}
		if (secondPayment != null) {
			secondPayment.stop();
		}
	}

	@Test
	void twoInstancesKeepEachCustomersOrderApplyNothingTwiceAndStrandNothingWhenOneIsKilled() {
		Map<String, Integer> stockBefore = stock();
		Map<String, List<String>> placedByCustomer = new LinkedHashMap<>();
		List<String> orders = new ArrayList<>();
		long stranded;
		setGatewayLatency(secondPayment, SLOW_GATEWAY);
		RestClient first = system.client(Service.PAYMENT, "ops");
		RestClient second = system.client(secondPayment, "ops");
		// Both hold the orders until all are placed; then the second alone takes them, a batch at a time.
		pauseOrders(first);
		pauseOrders(second);
		try {
			for (int c = 0; c < CUSTOMERS; c++) {
				placedByCustomer.put(system.newCustomer(), new ArrayList<>());
			}
			// Round-robin over the customers: each customer's orders are placed one after the other, in this order.
			for (int n = 0; n < ORDERS_PER_CUSTOMER; n++) {
				placedByCustomer.forEach((customer, placed) -> {
					Shopper.Response response = shopper.placeOrder(customer, "tok_visa", SKU, 1);
					assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
					placed.add(response.orderId());
					orders.add(response.orderId());
				});
			}
			resumeOrders(second);
			await("the second payment instance charges one of the orders").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> !chargedIn(secondPayment.log(), orders).isEmpty());
			secondPayment.kill();
			// The first instance is paused: every message still in flight is one the dead instance received.
			stranded = inFlight(MessagingNames.ORDERS_QUEUE);
			assertThat(stranded).as("messages in flight with the killed instance").isPositive();
		}
		finally {
			resumeOrders(first);
		}

		await("every order charged and its stock reserved once the stranded messages are visible again")
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> count(Service.INVENTORY, "select count(*) from reservation where order_id::text in (:ids)",
					orders) == orders.size());
		// (a) Each customer's orders were charged in the order they were placed, across both instances.
		JdbcClient payment = databases.of(Service.PAYMENT);
		placedByCustomer.forEach((customer, placed) -> assertThat(payment
			.sql("select order_id::text from payment where customer_id = :customer order by created_at, id")
			.param("customer", customer)
			.query(String.class)
			.list()).as("charged in the order %s placed them", customer).containsExactlyElementsOf(placed));
		List<String> bySecond = chargedIn(secondPayment.log(), orders);
		List<String> byFirst = chargedIn(system.log(Service.PAYMENT), orders);
		assertThat(placedByCustomer.values()).as("a customer whose orders both instances charged")
			.anySatisfy(placed -> assertThat(placed).containsAnyElementsOf(bySecond).containsAnyElementsOf(byFirst));

		// (b) One charge per order, by one of the instances.
		assertThat(count(Service.PAYMENT, "select count(*) from payment where order_id::text in (:ids) "
				+ "and status = 'AUTHORIZED'", orders)).isEqualTo(orders.size());
		// The log line precedes the commit: an instance killed in between logged a charge that its survivor made.
		List<String> charges = new ArrayList<>(bySecond);
		charges.addAll(byFirst);
		assertThat(charges).as("authorizations logged by the two instances").containsAll(orders);

		// Both inventory instances took PaymentAuthorized events from their shared queue.
		List<String> reservedByFirst = reservedIn(system.log(Service.INVENTORY), orders);
		List<String> reservedBySecond = reservedIn(secondInventory.log(), orders);
		assertThat(reservedByFirst).as("the first inventory instance's share").isNotEmpty();
		assertThat(reservedBySecond).as("the second inventory instance's share").isNotEmpty();

		// Then fulfillment (a Step Functions workflow on the emulator, not scaled here) ships them, as in every
		// scenario: the stock check below needs the shipments, and no later test may see these orders still moving.
		await("every order ships").atMost(Duration.ofSeconds(60).plus(RunningSystem.FRAUD_REVIEW_TIMEOUT))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> count(Service.CHECKOUT,
					"select count(*) from orders where id::text in (:ids) and status = 'SHIPPED'", orders) == orders
						.size());

		// (b) Every event once more, twice, at both inventory instances at once: the inbox turns them away.
		await("stock committed").atMost(Duration.ofSeconds(60))
			.until(() -> count(Service.INVENTORY, "select count(*) from reservation where order_id::text in (:ids) "
					+ "and status = 'COMMITTED'", orders) == orders.size());
		Map<String, Integer> stockShipped = stock();
		int redelivered = deliverInventorysEventsTwiceMore(orders);
		await("the duplicates consumed").atMost(Duration.ofSeconds(60))
			.until(() -> queueEmpty(MessagingNames.INVENTORY_QUEUE) && queueEmpty(MessagingNames.CHECKOUT_QUEUE));
		assertThat(stock()).as("stock after the duplicates").isEqualTo(stockShipped);
		assertThat(stockShipped).as("stock moved by exactly what shipped")
			.containsEntry("stock_on_hand", stockBefore.get("stock_on_hand") - orders.size())
			.containsEntry("reserved", stockBefore.get("reserved"));
		List<String> reservations = new ArrayList<>(reservedIn(system.log(Service.INVENTORY), orders));
		reservations.addAll(reservedIn(secondInventory.log(), orders));
		assertThat(reservations).as("reservations logged by the two instances")
			.containsExactlyInAnyOrderElementsOf(orders);
		assertThat(databases.of(Service.CHECKOUT)
			.sql("select count(*) from order_timeline where order_id::text in (:ids) group by order_id, event_type "
					+ "having count(*) > 1")
			.param("ids", orders)
			.query(Long.class)
			.list()).as("each order's timeline has each event once").isEmpty();

		log.info("COMPETING CONSUMERS orders={} customers={} chargedByFirst={} chargedBySecond={} strandedAtKill={} "
				+ "reservedByFirst={} reservedBySecond={} redelivered={}", orders.size(), CUSTOMERS, byFirst.size(),
				bySecond.size(), stranded, reservedByFirst.size(), reservedBySecond.size(), redelivered);
	}

	/**
	 * The PaymentAuthorized and OrderShipped of each order, as published, twice more each, back to back: a copy for
	 * each inventory instance to race on.
	 */
	private int deliverInventorysEventsTwiceMore(List<String> orders) {
		int sent = 0;
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			for (Service publisher : List.of(Service.PAYMENT, Service.FULFILLMENT)) {
				List<OrderEvent> events = databases.of(publisher)
					.sql("""
							select event_type, payload from outbox_message
							where event_type in ('PaymentAuthorized', 'OrderShipped') and destination_kind = 'TOPIC'
							and published_at is not null""")
					.query((rs, row) -> codec.decode(rs.getString(1), rs.getString(2)))
					.list()
					.stream()
					.filter(event -> orders.contains(event.orderId().toString()))
					.toList();
				for (OrderEvent event : events) {
					messaging.publish(event);
					messaging.publish(event);
					sent += 2;
				}
			}
		}
		assertThat(sent).as("events delivered again").isEqualTo(4 * orders.size());
		return sent;
	}

	private Map<String, Integer> stock() {
		return databases.of(Service.INVENTORY)
			.sql("select stock_on_hand, reserved from product where sku = :sku")
			.param("sku", SKU)
			.query((rs, row) -> Map.of("stock_on_hand", rs.getInt(1), "reserved", rs.getInt(2)))
			.single();
	}

	private long count(Service service, String sql, List<String> ids) {
		return databases.of(service).sql(sql).param("ids", ids).query(Long.class).single();
	}

	private long inFlight(String queue) {
		try (var sqs = system.infrastructure().sqsClient()) {
			String url = sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
			return Long.parseLong(sqs
				.getQueueAttributes(request -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
				.attributes()
				.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
		}
	}

	private boolean queueEmpty(String queue) {
		try (TestMessaging messaging = new TestMessaging(system.infrastructure())) {
			return messaging.approximateCount(queue) == 0;
		}
	}

	/** The orders whose authorization this instance's log records (payment's "... for order X authorized"). */
	private static List<String> chargedIn(Path log, List<String> orders) {
		String text = read(log);
		return orders.stream().filter(order -> text.contains("for order " + order + " authorized")).toList();
	}

	/** The orders whose stock this instance's log says it reserved. */
	private static List<String> reservedIn(Path log, List<String> orders) {
		String text = read(log);
		return orders.stream().filter(order -> text.contains("Reserved stock for order " + order + ":")).toList();
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void setGatewayLatency(RunningSystem.Instance instance, Duration latency) {
		system.client(instance, "ops")
			.put()
			.uri("/api/admin/gateway")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("latency", latency.toString()))
			.retrieve()
			.toBodilessEntity();
	}

	/** Stops a payment instance's listener of orders.fifo (the consumer switch). */
	private static void pauseOrders(RestClient instance) {
		instance.post()
			.uri("/api/admin/listeners/orders/pause")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("reason", "CompetingConsumersIT: the orders wait until all are placed"))
			.retrieve()
			.toBodilessEntity();
	}

	private static void resumeOrders(RestClient instance) {
		instance.post().uri("/api/admin/listeners/orders/resume").retrieve().toBodilessEntity();
	}
}
