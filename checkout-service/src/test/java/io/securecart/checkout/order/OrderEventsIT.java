package io.securecart.checkout.order;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The saga's events reach checkout through the {@code order-events} topic and its own queue, as the other services
 * publish them, and keep each order's status and timeline.
 */
class OrderEventsIT extends CheckoutIntegrationTestSupport {

	private static final Duration PROCESSED = Duration.ofSeconds(30);

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")));

	private String customer;

	private OrderView order;

	private Instant placedAt;

	@BeforeEach
	void placeAnOrder() {
		customer = newCustomer();
		order = placeOrder(customer, "SC-TSHIRT-001", 2);
		placedAt = order.timeline().getFirst().at();
	}

	@Test
	void followsAnOrderThroughPaymentAndStockToShipped() {
		messaging.publish(authorized(1));
		messaging.publish(reserved(2));
		messaging.publish(shipped(3));

		await().atMost(PROCESSED).untilAsserted(() -> {
			OrderView current = order(order.id());
			assertThat(current.status()).isEqualTo(OrderStatus.SHIPPED);
			assertThat(events(current)).containsExactly("OrderPlaced", "PaymentAuthorized", "StockReserved",
					"OrderShipped");
		});
		assertThat(order(order.id()).timeline()).extracting(OrderView.TimelineItem::at)
			.containsExactly(placedAt, at(1), at(2), at(3));
	}

	@Test
	void aPaymentAuthorizedForAnotherAmountCancelsTheOrderAndTellsEveryoneWhoActedOnThePayment() {
		PaymentAuthorized underpaid = new PaymentAuthorized(UUID.randomUUID(), order.id(), customer,
				UUID.randomUUID(), Money.of("0.00"), LINES, at(1));

		messaging.publish(underpaid);

		await().atMost(PROCESSED).untilAsserted(() -> {
			OrderView current = order(order.id());
			assertThat(current.status()).isEqualTo(OrderStatus.CANCELLED);
			assertThat(current.cancellationReason()).isEqualTo(CancellationReason.PAYMENT_MISMATCH);
		});
		// Payment refunds; inventory reserved stock for the payment, fulfillment may have started on it (ADR 44).
		for (String queue : List.of(MessagingNames.PAYMENT_QUEUE, MessagingNames.INVENTORY_QUEUE,
				MessagingNames.FULFILLMENT_CANCELLATIONS_QUEUE)) {
			Message sent = awaitRejectionOn(queue);
			PaymentRejected rejected = (PaymentRejected) OrderEventCodec.standalone()
				.decode("PaymentRejected", sent.body());
			assertThat(rejected.paymentId()).as(queue).isEqualTo(underpaid.paymentId());
			assertThat(rejected.authorized()).as(queue).isEqualTo(Money.of("0.00"));
			assertThat(rejected.orderTotal()).as(queue).isEqualTo(Money.of("39.98"));
		}
		// One way only: payment refunds it once, from its compensations' queue.
		assertThat(messaging.messagesOn(MessagingNames.ORDERS_QUEUE)).noneMatch(this::isTheRejection);
	}

	@Test
	void aPaymentTakenAfterTheOrderWasDeclinedDoesNotReviveItAndIsRejectedSoTheMoneyGoesBack() {
		messaging.publish(new PaymentDeclined(UUID.randomUUID(), order.id(), customer, "insufficient funds", at(1)));
		await().atMost(PROCESSED).until(() -> order(order.id()).status() == OrderStatus.CANCELLED);
		PaymentAuthorized late = authorized(2);

		messaging.publish(late);

		Message sent = awaitRejectionOn(MessagingNames.PAYMENT_QUEUE);
		PaymentRejected rejected = (PaymentRejected) OrderEventCodec.standalone()
			.decode("PaymentRejected", sent.body());
		assertThat(rejected.paymentId()).isEqualTo(late.paymentId());
		OrderView current = order(order.id());
		assertThat(current.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(current.cancellationReason()).isEqualTo(CancellationReason.PAYMENT_DECLINED);
		assertThat(events(current)).containsExactlyInAnyOrder("OrderPlaced", "PaymentDeclined", "PaymentAuthorized",
				"PaymentRejected");
	}

	private Message awaitRejectionOn(String queue) {
		return await().atMost(PROCESSED)
			.until(() -> messaging.messagesOn(queue).stream().filter(this::isTheRejection).findFirst(),
					java.util.Optional::isPresent)
			.orElseThrow();
	}

	private boolean isTheRejection(Message message) {
		return "PaymentRejected"
			.equals(message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue())
				&& message.body().contains(order.id().toString());
	}

	@Test
	void eventsArrivingOutOfOrderStillEndShippedWithTheTimelineInTheOrderThingsHappened() {
		messaging.publish(shipped(3));
		await().atMost(PROCESSED).until(() -> order(order.id()).status() == OrderStatus.SHIPPED);

		messaging.publish(reserved(2));
		messaging.publish(authorized(1));

		await().atMost(PROCESSED).untilAsserted(() -> assertThat(events(order(order.id())))
			.containsExactly("OrderPlaced", "PaymentAuthorized", "StockReserved", "OrderShipped"));
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.SHIPPED);
	}

	@Test
	void aRedeliveredEventIsAppliedOnce() {
		PaymentAuthorized authorized = authorized(1);

		messaging.publish(authorized);
		messaging.publish(authorized);

		await().atMost(PROCESSED).untilAsserted(() -> {
			assertThat(events(order(order.id()))).contains("PaymentAuthorized");
			assertThat(messaging.approximateCount(MessagingNames.CHECKOUT_QUEUE)).isZero();
		});
		assertThat(events(order(order.id()))).containsExactly("OrderPlaced", "PaymentAuthorized");
		assertThat(jdbc.sql("select count(*) from inbox_message where event_id = :eventId and consumer = :consumer")
			.param("eventId", authorized.eventId())
			.param("consumer", Orders.CONSUMER)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void rejectedStockCancelsAPaidOrderAndRecordsTheRefund() {
		messaging.publish(authorized(1));
		await().atMost(PROCESSED).until(() -> order(order.id()).status() == OrderStatus.PAID);

		messaging.publish(new StockRejected(UUID.randomUUID(), order.id(), customer, List.of("SC-TSHIRT-001"),
				"out of stock", at(2)));
		messaging.publish(new PaymentRefunded(UUID.randomUUID(), order.id(), customer, UUID.randomUUID(),
				Money.of("39.98"), "out of stock", at(3)));

		await().atMost(PROCESSED).untilAsserted(() -> {
			OrderView current = order(order.id());
			assertThat(current.status()).isEqualTo(OrderStatus.CANCELLED);
			assertThat(current.cancellationReason()).isEqualTo(CancellationReason.OUT_OF_STOCK);
			assertThat(events(current)).containsExactly("OrderPlaced", "PaymentAuthorized", "StockRejected",
					"PaymentRefunded");
		});
	}

	@Test
	void aFailedFulfillmentCancelsAPaidOrderWithItsReasonOnceEvenWhenDeliveredTwice() {
		messaging.publish(authorized(1));
		messaging.publish(reserved(2));
		await().atMost(PROCESSED).until(() -> order(order.id()).status() == OrderStatus.PAID);
		FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), order.id(), customer,
				"Fulfillment.ItemDamaged", "SC-TSHIRT-001 found damaged", at(3));

		messaging.publish(failed);
		messaging.publish(failed);

		await().atMost(PROCESSED).untilAsserted(() -> {
			OrderView current = order(order.id());
			assertThat(current.status()).isEqualTo(OrderStatus.CANCELLED);
			assertThat(current.cancellationReason()).isEqualTo(CancellationReason.FULFILLMENT_FAILED);
			assertThat(events(current)).containsExactly("OrderPlaced", "PaymentAuthorized", "StockReserved",
					"FulfillmentFailed");
		});
	}

	@Test
	void anEventForAnUnknownOrderIsRetriedThenDeadLetteredNeverDropped() {
		PaymentAuthorized forNobody = new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), customer,
				UUID.randomUUID(), Money.of("1.00"), LINES, Instant.now());

		messaging.publish(forNobody);

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(messaging.messagesOn("checkout-order-events-dlq"))
				.anySatisfy(message -> assertThat(message.body()).contains(forNobody.eventId().toString())));
		assertThat(jdbc.sql("select count(*) from inbox_message where event_id = :eventId")
			.param("eventId", forNobody.eventId())
			.query(Long.class)
			.single()).as("a failed delivery leaves no trace in the inbox").isZero();
	}

	private static List<String> events(OrderView order) {
		return order.timeline().stream().map(OrderView.TimelineItem::event).toList();
	}

	/** Some minutes after the order was placed, at the database's precision. */
	private Instant at(int minutes) {
		return placedAt.plus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.MICROS);
	}

	private PaymentAuthorized authorized(int minutes) {
		return new PaymentAuthorized(UUID.randomUUID(), order.id(), customer, UUID.randomUUID(), Money.of("39.98"),
				LINES, at(minutes));
	}

	private StockReserved reserved(int minutes) {
		return new StockReserved(UUID.randomUUID(), order.id(), customer, LINES, at(minutes));
	}

	private OrderShipped shipped(int minutes) {
		return new OrderShipped(UUID.randomUUID(), order.id(), customer, UUID.randomUUID(), "TRACK-123", LINES,
				at(minutes));
	}
}
