package io.securecart.checkout.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.checkout.support.CheckoutIntegrationTestSupport;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A high-value order takes the detour: checkout puts {@code OrderPlaced} on the event bus, without the payment token,
 * in the transaction that saves the order; the {@code high-value-orders} rule routes it to fraud screening; and the
 * verdicts show in the order's status and timeline.
 */
class HighValueOrderIT extends CheckoutIntegrationTestSupport {

	private static final Duration PROCESSED = Duration.ofSeconds(30);

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	@BeforeEach
	void catalogSellsALaptop() {
		catalog.product("SC-LAPTOP-007", "1299.00");
	}

	@Test
	void putsAHighValueOrderOnTheBusWithoutItsTokenAndTheRuleRoutesItToScreening() {
		OrderView order = placeOrder(newCustomer(), "SC-LAPTOP-007", 1);

		assertThat(order.status()).isEqualTo(OrderStatus.SCREENING);
		Message routed = await().atMost(PROCESSED).until(() -> screened(order.id()), found -> found != null);
		assertThat(routed.body()).doesNotContain("tok_visa");
		OrderPlaced onTheBus = (OrderPlaced) codec.decodeEventBridgeEvent(routed.body()).orElseThrow();
		assertThat(onTheBus.paymentToken()).isNull();
		assertThat(onTheBus.cardFingerprint()).isEqualTo(OrderPlaced.fingerprintOf("tok_visa"));
		assertThat(onTheBus.eventId()).isEqualTo(awaitOrderPlacedOnTheQueue(order.id()).eventId());
	}

	@Test
	void anOrderBelowTheThresholdIsNotRoutedToScreening() {
		OrderView cheap = placeOrder(newCustomer(), "SC-TSHIRT-001", 2);
		OrderView laptop = placeOrder(newCustomer(), "SC-LAPTOP-007", 1);

		assertThat(cheap.status()).isEqualTo(OrderStatus.PLACED);
		// Both went on the bus in order; once the later one has been routed, the earlier would have been too.
		await().atMost(PROCESSED).until(() -> screened(laptop.id()) != null);
		assertThat(screened(cheap.id())).isNull();
		assertThat(jdbc.sql("select count(*) from outbox_message where destination_kind = 'EVENT_BUS' "
				+ "and payload like :order and published_at is not null")
			.param("order", "%" + cheap.id() + "%")
			.query(Long.class)
			.single()).as("every order goes on the bus; the rule filters").isEqualTo(1);
	}

	@Test
	void showsTheReviewAndTheVerdictInStatusAndTimeline() {
		OrderView order = placeOrder(newCustomer(), "SC-LAPTOP-007", 1);

		messaging.publish(new FraudReviewRequired(UUID.randomUUID(), order.id(), order.customerId(),
				List.of("first order above 1000.00 USD"), Instant.now().plusSeconds(1800), Instant.now()));
		await().atMost(PROCESSED).until(() -> order(order.id()).status() == OrderStatus.UNDER_REVIEW);

		messaging.publish(new FraudScreeningPassed(UUID.randomUUID(), order.id(), order.customerId(),
				"reviewer:carol", List.of("approved by reviewer"), Instant.now()));
		await().atMost(PROCESSED).untilAsserted(() -> {
			OrderView current = order(order.id());
			assertThat(current.status()).isEqualTo(OrderStatus.CLEARED);
			assertThat(current.timeline()).extracting(OrderView.TimelineItem::event)
				.containsExactly("OrderPlaced", "FraudReviewRequired", "FraudScreeningPassed");
			// Neither the reviewer nor the reasons reach the customer's timeline.
			assertThat(current.timeline()).extracting(OrderView.TimelineItem::detail)
				.containsExactly(null, "held for a review", "cleared");
		});
	}

	@Test
	void aFailedVerdictCancelsTheOrderAsSuspectedFraudOnceHoweverOftenItArrives() {
		OrderView order = placeOrder(newCustomer(), "SC-LAPTOP-007", 1);
		FraudScreeningFailed failed = new FraudScreeningFailed(UUID.randomUUID(), order.id(), order.customerId(),
				"rules", List.of("card reported stolen"), Instant.now());

		messaging.publish(failed);
		messaging.publish(failed);

		await().atMost(PROCESSED).untilAsserted(() -> {
			OrderView current = order(order.id());
			assertThat(current.status()).isEqualTo(OrderStatus.CANCELLED);
			assertThat(current.cancellationReason()).isEqualTo(CancellationReason.FRAUD_SUSPECTED);
		});
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(
				() -> assertThat(order(order.id()).timeline()).extracting(OrderView.TimelineItem::event)
					.containsExactly("OrderPlaced", "FraudScreeningFailed"));
	}

	private Message screened(UUID orderId) {
		return messaging.messagesOn(MessagingNames.FRAUD_SCREENING_QUEUE)
			.stream()
			.filter(message -> codec.decodeEventBridgeEvent(message.body())
				.map(OrderEvent::orderId)
				.filter(orderId::equals)
				.isPresent())
			.findFirst()
			.orElse(null);
	}

	private OrderPlaced awaitOrderPlacedOnTheQueue(UUID orderId) {
		return await().atMost(PROCESSED)
			.until(() -> messaging.messagesOn(MessagingNames.ORDERS_QUEUE)
				.stream()
				.filter(message -> orderId.toString()
					.equals(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)))
				.map(message -> (OrderPlaced) codec.decode("OrderPlaced", message.body()))
				.findFirst()
				.orElse(null), found -> found != null);
	}
}
