package io.securecart.inventory.stock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.inventory.InventoryDatabase.ReservationRow;
import io.securecart.inventory.InventoryDatabase.Stock;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import io.securecart.testsupport.TestMessaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.DataIntegrityViolationException;

import static io.securecart.inventory.OrderEvents.awaitConsumed;
import static io.securecart.inventory.OrderEvents.awaitOn;
import static io.securecart.inventory.OrderEvents.line;
import static io.securecart.inventory.OrderEvents.orderShipped;
import static io.securecart.inventory.OrderEvents.paymentAuthorized;
import static io.securecart.inventory.OrderEvents.paymentRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Reserving and committing stock, end to end through the service's queue: events in on
 * {@code inventory-order-events}, effects in the database, events out through the topic to checkout's queue.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc
class StockIT {

	private static final TestMessaging messaging = new TestMessaging(TestInfrastructure.shared());

	private static final InventoryDatabase db = InventoryDatabase.connect();

	/** The first line of a log event at WARN or ERROR (Spring Boot's console pattern), not a stack trace's. */
	private static final Pattern WARN_OR_ERROR = Pattern.compile("^\\S+\\s+(WARN|ERROR) ");

	@AfterEach
	void nothingFailedIntoTheDeadLetterQueue() {
		assertThat(messaging.approximateCount("inventory-order-events-dlq")).isZero();
	}

	@AfterAll
	static void closeMessaging() {
		messaging.close();
	}

	@Test
	void reservesEveryLineOfAPaidOrderAndAnnouncesIt() {
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 3);
		PaymentAuthorized paid = paymentAuthorized(line(mug, 2), line(cap, 3));

		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);

		StockReserved reserved = awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockReserved.class,
				paid.orderId());
		assertThat(reserved.customerId()).isEqualTo(paid.customerId());
		assertThat(reserved.lines()).isEqualTo(paid.lines());
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 2));
		assertThat(db.stock(cap)).isEqualTo(new Stock(3, 3));
		assertThat(db.reservations(paid.orderId())).containsExactlyInAnyOrder(new ReservationRow(mug, 2, "RESERVED"),
				new ReservationRow(cap, 3, "RESERVED"));
	}

	@Test
	void anAnnouncementStaysFoundHoweverOftenATestAwaitsIt() {
		PaymentAuthorized paid = reserved(line(db.createProduct("mug", 10), 1));

		// More looks than checkout-order-events' maxReceiveCount (5): none of them may move the event to its DLQ.
		for (int look = 0; look < 7; look++) {
			assertThat(awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockReserved.class, paid.orderId())
				.orderId()).isEqualTo(paid.orderId());
		}
		assertThat(messaging.approximateCount("checkout-order-events-dlq")).isZero();
	}

	@Test
	void rejectsTheWholeOrderWhenOneLineDoesNotFitAndChangesNothing() {
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 1);
		PaymentAuthorized paid = paymentAuthorized(line(mug, 2), line(cap, 2));

		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);

		StockRejected rejected = awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockRejected.class,
				paid.orderId());
		assertThat(rejected.unavailableSkus()).containsExactly(cap);
		assertThat(rejected.reason()).isEqualTo("out of stock");
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		assertThat(db.stock(cap)).isEqualTo(new Stock(1, 0));
		assertThat(db.reservations(paid.orderId())).isEmpty();
		assertThat(db.outboxEvents("StockReserved", paid.orderId())).isZero();
	}

	@Test
	void rejectsAnOrderForAnUnknownProduct() {
		String mug = db.createProduct("mug", 10);
		String unknown = "IT-UNKNOWN-" + UUID.randomUUID();
		PaymentAuthorized paid = paymentAuthorized(line(mug, 1), line(unknown, 1));

		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);

		StockRejected rejected = awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockRejected.class,
				paid.orderId());
		assertThat(rejected.unavailableSkus()).containsExactly(unknown);
		assertThat(rejected.reason()).isEqualTo("unknown product");
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		assertThat(db.reservations(paid.orderId())).isEmpty();
	}

	@Test
	void competingOrdersForTheLastUnitsNeverOversell() {
		String laptop = db.createProduct("laptop", 3);
		List<PaymentAuthorized> payments = IntStream.range(0, 8)
			.mapToObj(i -> paymentAuthorized(line(laptop, 1)))
			.toList();

		// All at once: the listener takes them in one poll and reserves on several threads.
		payments.forEach(paid -> messaging.send(MessagingNames.INVENTORY_QUEUE, paid));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(payments).allSatisfy(paid -> assertThat(decisions(paid)).isOne()));
		assertThat(payments.stream().filter(paid -> db.outboxEvents("StockReserved", paid.orderId()) == 1))
			.hasSize(3);
		assertThat(db.stock(laptop)).isEqualTo(new Stock(3, 3));
	}

	@Test
	void theSamePaymentDeliveredTwiceReservesOnce() {
		String mug = db.createProduct("mug", 10);
		PaymentAuthorized paid = paymentAuthorized(line(mug, 2));

		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);
		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);

		awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockReserved.class, paid.orderId());
		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 2));
		assertThat(db.reservations(paid.orderId())).containsExactly(new ReservationRow(mug, 2, "RESERVED"));
		assertThat(db.outboxEvents("StockReserved", paid.orderId())).isOne();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aPaymentThatDoesNotPayForItsLinesReservesNothingAndEndsInTheDeadLetterQueue(CapturedOutput output) {
		String shirt = db.createProduct("shirt", 10);
		PaymentAuthorized priced = paymentAuthorized(line(shirt, 3));
		PaymentAuthorized free = new PaymentAuthorized(priced.eventId(), priced.orderId(), priced.customerId(),
				priced.paymentId(), Money.of("0.00"), priced.lines(), priced.occurredAt());

		messaging.send(MessagingNames.INVENTORY_QUEUE, free);

		// Checkout's orders cannot produce it: not "out of stock" for a customer, but a message for an operator.
		// Drained here (the DLQ is empty after each test); the listener's retries take about 15 s.
		String messageId = await().atMost(Duration.ofSeconds(90))
			.until(() -> messaging.messagesOn("inventory-order-events-dlq")
				.stream()
				.filter(message -> message.body().contains(free.orderId().toString()))
				.map(Message::messageId)
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		assertThat(db.stock(shirt)).isEqualTo(new Stock(10, 0));
		assertThat(db.reservations(free.orderId())).isEmpty();
		assertThat(db.inboxHas(free.eventId())).as("rolled back, so that a redrive is processed").isFalse();
		assertThat(db.outboxEvents("StockReserved", free.orderId())).isZero();
		assertThat(db.outboxEvents("StockRejected", free.orderId())).isZero();
		// All that is logged at WARN or ERROR naming the order or the message (the events' first lines, not their
		// stack traces). Ours: one ERROR for the operator, on the receive that sent it to the DLQ, and a WARN on each
		// receive before. Spring Cloud AWS's: its own ERROR on every failed receive, as for any listener's failure.
		List<String> logged = output.getAll()
			.lines()
			.filter(line -> WARN_OR_ERROR.matcher(line).find())
			.filter(line -> line.contains(free.orderId().toString()) || line.contains(messageId))
			.toList();
		assertThat(logged).filteredOn(line -> line.contains("OrderEventsListener") && line.contains(" ERROR "))
			.singleElement()
			.asString()
			.contains("Cannot process", "receive 5 of 5");
		assertThat(logged).filteredOn(line -> line.contains("OrderEventsListener") && line.contains(" WARN "))
			.hasSize(4)
			.allMatch(line -> line.contains("Cannot process"));
		assertThat(logged).filteredOn(line -> line.contains("AbstractMessageProcessingPipelineSink"))
			.as("the library's, one per receive")
			.hasSize(5)
			.allMatch(line -> line.contains(" ERROR ") && line.contains("Error processing message " + messageId));
		assertThat(logged).as("nothing else").hasSize(10);
	}

	@Test
	void aSecondPaymentEventForAnOrderThatHasStockReservesNothingMore() {
		String mug = db.createProduct("mug", 10);
		UUID orderId = UUID.randomUUID();
		PaymentAuthorized first = paymentAuthorized(orderId, line(mug, 2));
		PaymentAuthorized second = paymentAuthorized(orderId, line(mug, 2));
		messaging.send(MessagingNames.INVENTORY_QUEUE, first);
		awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockReserved.class, orderId);

		messaging.send(MessagingNames.INVENTORY_QUEUE, second);

		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(second.eventId()));
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 2));
		assertThat(db.reservations(orderId)).containsExactly(new ReservationRow(mug, 2, "RESERVED"));
		assertThat(db.outboxEvents("StockReserved", orderId)).isOne();
		assertThat(db.outboxEvents("StockRejected", orderId)).isZero();
	}

	@Test
	void shippingCommitsTheReservedStock() {
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 3);
		PaymentAuthorized paid = reserved(line(mug, 2), line(cap, 3));

		messaging.send(MessagingNames.INVENTORY_QUEUE, orderShipped(paid.orderId(), line(mug, 2), line(cap, 3)));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(db.reservations(paid.orderId())).containsExactlyInAnyOrder(
					new ReservationRow(mug, 2, "COMMITTED"), new ReservationRow(cap, 3, "COMMITTED")));
		assertThat(db.stock(mug)).isEqualTo(new Stock(8, 0));
		assertThat(db.stock(cap)).isEqualTo(new Stock(0, 0));
	}

	@Test
	void theSameShipmentDeliveredTwiceCommitsOnce() {
		String mug = db.createProduct("mug", 10);
		PaymentAuthorized paid = reserved(line(mug, 2));
		OrderShipped shipped = orderShipped(paid.orderId(), line(mug, 2));

		messaging.send(MessagingNames.INVENTORY_QUEUE, shipped);
		messaging.send(MessagingNames.INVENTORY_QUEUE, shipped);

		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		assertThat(db.stock(mug)).isEqualTo(new Stock(8, 0));
		assertThat(db.reservations(paid.orderId())).containsExactly(new ReservationRow(mug, 2, "COMMITTED"));
	}

	@Test
	void aSecondShipmentEventForTheSameOrderCommitsNothingMore() {
		String mug = db.createProduct("mug", 10);
		PaymentAuthorized paid = reserved(line(mug, 2));
		messaging.send(MessagingNames.INVENTORY_QUEUE, orderShipped(paid.orderId(), line(mug, 2)));
		await().atMost(Duration.ofSeconds(20)).until(() -> db.stock(mug).equals(new Stock(8, 0)));

		OrderShipped again = orderShipped(paid.orderId(), line(mug, 2));
		messaging.send(MessagingNames.INVENTORY_QUEUE, again);

		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(again.eventId()));
		assertThat(db.stock(mug)).isEqualTo(new Stock(8, 0));
	}

	@Test
	void aFailedFulfillmentReleasesTheReservedStockOnceEvenWhenDeliveredTwice() {
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 3);
		PaymentAuthorized paid = reserved(line(mug, 2), line(cap, 3));
		FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), paid.orderId(), paid.customerId(),
				"Fulfillment.ItemDamaged", "cap found damaged", java.time.Instant.now());

		messaging.send(MessagingNames.INVENTORY_QUEUE, failed);
		messaging.send(MessagingNames.INVENTORY_QUEUE, failed);

		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(db.reservations(paid.orderId())).containsExactlyInAnyOrder(
					new ReservationRow(mug, 2, "RELEASED"), new ReservationRow(cap, 3, "RELEASED")));
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		assertThat(db.stock(cap)).isEqualTo(new Stock(3, 0));

		// Another FulfillmentFailed for the order (a new event id) finds nothing left to release.
		FulfillmentFailed again = new FulfillmentFailed(UUID.randomUUID(), paid.orderId(), paid.customerId(),
				"Fulfillment.ItemDamaged", "again", java.time.Instant.now());
		messaging.send(MessagingNames.INVENTORY_QUEUE, again);
		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(again.eventId()));
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
	}

	@Test
	void aPaymentCheckoutRejectedReleasesTheReservedStockOnceEvenWhenDeliveredTwice() {
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 3);
		PaymentAuthorized paid = reserved(line(mug, 2), line(cap, 3));
		PaymentRejected rejected = paymentRejected(paid);

		// Through the topic, as checkout publishes it: inventory's filter policy lets it through (ADR 44).
		messaging.publish(rejected);
		messaging.publish(rejected);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(db.reservations(paid.orderId())).containsExactlyInAnyOrder(
					new ReservationRow(mug, 2, "RELEASED"), new ReservationRow(cap, 3, "RELEASED")));
		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		assertThat(db.stock(cap)).isEqualTo(new Stock(3, 0));
	}

	@Test
	void aPaymentThatArrivesAfterItsRejectionReservesNothing() {
		String mug = db.createProduct("mug", 10);
		PaymentAuthorized paid = paymentAuthorized(line(mug, 2));
		PaymentRejected rejected = paymentRejected(paid);
		messaging.send(MessagingNames.INVENTORY_QUEUE, rejected);
		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(rejected.eventId()));

		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);

		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(paid.eventId()));
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		assertThat(db.reservations(paid.orderId())).isEmpty();
		assertThat(db.outboxEvents("StockReserved", paid.orderId())).isZero();
		assertThat(db.outboxEvents("StockRejected", paid.orderId())).isZero();
	}

	@Test
	void aPaymentAndItsRejectionDeliveredTogetherNeverLeaveStockReserved() {
		List<String> mugs = IntStream.range(0, 8).mapToObj(i -> db.createProduct("mug", 10)).toList();
		List<PaymentAuthorized> payments = mugs.stream().map(mug -> paymentAuthorized(line(mug, 2))).toList();

		// Each payment beside its rejection, in one poll: they take turns on the order's lock, in either order.
		payments.forEach(paid -> {
			messaging.send(MessagingNames.INVENTORY_QUEUE, paymentRejected(paid));
			messaging.send(MessagingNames.INVENTORY_QUEUE, paid);
		});

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(payments).allSatisfy(paid -> assertThat(db.inboxHas(paid.eventId()))
				.isTrue()));
		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		assertThat(mugs).allSatisfy(mug -> assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0)));
		assertThat(payments).allSatisfy(paid -> assertThat(db.reservations(paid.orderId()))
			.allSatisfy(row -> assertThat(row.status()).isEqualTo("RELEASED")));
	}

	@Test
	void aRejectionAfterTheOrderShippedLeavesTheCommittedStockAsItIs() {
		String mug = db.createProduct("mug", 10);
		PaymentAuthorized paid = reserved(line(mug, 2));
		messaging.send(MessagingNames.INVENTORY_QUEUE, orderShipped(paid.orderId(), line(mug, 2)));
		await().atMost(Duration.ofSeconds(20)).until(() -> db.stock(mug).equals(new Stock(8, 0)));
		PaymentRejected rejected = paymentRejected(paid);

		messaging.send(MessagingNames.INVENTORY_QUEUE, rejected);

		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(rejected.eventId()));
		// The goods left with the order: not put back on sale (ADR 35).
		assertThat(db.stock(mug)).isEqualTo(new Stock(8, 0));
		assertThat(db.reservations(paid.orderId())).containsExactly(new ReservationRow(mug, 2, "COMMITTED"));
	}

	@Test
	void aShipmentAfterItsRejectionTakesWhatLeftOffTheStockOnHandButNotWhatWasSoldAgain() {
		String mug = db.createProduct("mug", 10);
		String cap = db.createProduct("cap", 3);
		PaymentAuthorized paid = reserved(line(mug, 2), line(cap, 2));
		PaymentRejected rejected = paymentRejected(paid);
		messaging.send(MessagingNames.INVENTORY_QUEUE, rejected);
		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(rejected.eventId()));
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		// Meanwhile another order takes two of the three caps back on sale: one of the shipped ones among them.
		reserved(line(cap, 2));
		OrderShipped shipped = orderShipped(paid.orderId(), line(mug, 2), line(cap, 2));

		messaging.send(MessagingNames.INVENTORY_QUEUE, shipped);
		messaging.send(MessagingNames.INVENTORY_QUEUE, shipped);

		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(shipped.eventId()));
		awaitConsumed(messaging, MessagingNames.INVENTORY_QUEUE);
		// The goods left: not on sale any more. Of the caps, one was free to take off; the other order keeps its two.
		assertThat(db.stock(mug)).isEqualTo(new Stock(8, 0));
		assertThat(db.stock(cap)).isEqualTo(new Stock(2, 2));
		assertThat(db.reservations(paid.orderId())).containsExactlyInAnyOrder(
				new ReservationRow(mug, 2, "SHIPPED_ANYWAY"), new ReservationRow(cap, 2, "SHIPPED_ANYWAY"));
	}

	@Test
	void aShipmentWithoutReservedStockChangesNothing() {
		String mug = db.createProduct("mug", 10);
		OrderShipped shipped = orderShipped(UUID.randomUUID(), line(mug, 2));

		messaging.send(MessagingNames.INVENTORY_QUEUE, shipped);

		await().atMost(Duration.ofSeconds(20)).until(() -> db.inboxHas(shipped.eventId()));
		assertThat(db.stock(mug)).isEqualTo(new Stock(10, 0));
		assertThat(db.reservations(shipped.orderId())).isEmpty();
	}

	@Test
	void theDatabaseRefusesStockBelowZeroEvenFromABug() {
		String mug = db.createProduct("mug", 2);

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> db.primary()
				.sql("update product set stock_on_hand = stock_on_hand - 3 where sku = :sku")
				.param("sku", mug)
				.update())
			.withMessageContaining("violates check constraint");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> db.primary()
				.sql("update product set reserved = 3 where sku = :sku")
				.param("sku", mug)
				.update())
			.withMessageContaining("product_reserved_within_stock");
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> db.primary()
				.sql("update product set reserved = -1 where sku = :sku")
				.param("sku", mug)
				.update())
			.withMessageContaining("product_reserved_not_negative");
		assertThat(db.stock(mug)).isEqualTo(new Stock(2, 0));
	}

	/** How many times inventory decided about the order: reserved or rejected. */
	private static int decisions(PaymentAuthorized paid) {
		return db.outboxEvents("StockReserved", paid.orderId()) + db.outboxEvents("StockRejected", paid.orderId());
	}

	/** An order whose stock is reserved: sends its payment and waits for {@code StockReserved}. */
	private static PaymentAuthorized reserved(OrderLine... lines) {
		PaymentAuthorized paid = paymentAuthorized(lines);
		messaging.send(MessagingNames.INVENTORY_QUEUE, paid);
		awaitOn(messaging, MessagingNames.CHECKOUT_QUEUE, StockReserved.class, paid.orderId());
		return paid;
	}
}
