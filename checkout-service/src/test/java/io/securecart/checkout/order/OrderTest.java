package io.securecart.checkout.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FulfillmentFailed;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {

	private static final Instant PLACED_AT = Instant.parse("2026-11-21T10:00:00Z");

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")),
			new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	private final Order order = Order.place("alice", LINES, PLACED_AT);

	@Test
	void placingComputesTheTotalExactlyAndStartsTheTimeline() {
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PLACED);
		assertThat(order.getCancellationReason()).isNull();
		assertThat(order.total()).isEqualTo(Money.of("52.48"));
		assertThat(order.lines()).isEqualTo(LINES);
		assertThat(order.getCreatedAt()).isEqualTo(PLACED_AT);
		assertThat(order.timeline()).singleElement().satisfies(entry -> {
			assertThat(entry.eventType()).isEqualTo("OrderPlaced");
			assertThat(entry.occurredAt()).isEqualTo(PLACED_AT);
		});
	}

	@Test
	void totalsManyCentsWithoutRoundingErrors() {
		Order cheap = Order.place("bob", List.of(new OrderLine("SC-STICKER-004", 100, Money.of("0.10")),
				new OrderLine("SC-STICKER-004", 3, Money.of("0.20"))), PLACED_AT);

		assertThat(cheap.total().amount()).isEqualTo(new BigDecimal("10.60"));
	}

	@Test
	void refusesAnEmptyOrderOrMixedCurrencies() {
		assertThatThrownBy(() -> Order.place("alice", List.of(), PLACED_AT))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Order.place("alice", List.of(new OrderLine("A", 1, Money.of("1.00")),
				new OrderLine("B", 1, new Money(BigDecimal.ONE, "EUR"))), PLACED_AT))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void announcesItselfWithTheTokenAndTheTimelinesFirstEvent() {
		OrderPlaced placed = order.placedEvent("tok_visa");

		assertThat(placed.orderId()).isEqualTo(order.getId());
		assertThat(placed.customerId()).isEqualTo("alice");
		assertThat(placed.lines()).isEqualTo(LINES);
		assertThat(placed.total()).isEqualTo(Money.of("52.48"));
		assertThat(placed.paymentToken()).isEqualTo("tok_visa");
		assertThat(placed.occurredAt()).isEqualTo(PLACED_AT);
		assertThat(placed.eventId()).isEqualTo(order.timeline().getFirst().eventId());
	}

	@Test
	void followsTheHappyPathToShipped() {
		order.paymentAuthorized(authorized(1), at(1));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);

		order.stockReserved(reserved(2), at(2));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);

		order.shipped(shipped(3), at(3));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.SHIPPED);
		assertThat(eventTypes()).containsExactly("OrderPlaced", "PaymentAuthorized", "StockReserved", "OrderShipped");
	}

	@Test
	void shippedBeforePaidStaysShippedAndTheTimelineFollowsWhenThingsHappened() {
		order.shipped(shipped(3), at(4));
		order.stockReserved(reserved(2), at(5));
		order.paymentAuthorized(authorized(1), at(6));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.SHIPPED);
		assertThat(eventTypes()).containsExactly("OrderPlaced", "PaymentAuthorized", "StockReserved", "OrderShipped");
		assertThat(order.timeline().get(1).recordedAt()).isEqualTo(at(6));
	}

	@Test
	void aDeclinedPaymentCancelsAPlacedOrder() {
		order.paymentDeclined(declined(1), at(1));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.PAYMENT_DECLINED);
	}

	@ParameterizedTest
	@EnumSource(value = CancellationReason.class,
			names = { "PAYMENT_DECLINED", "FRAUD_SUSPECTED", "PAYMENT_REQUEST_REFUSED" })
	void aPaymentOfAnOrderCancelledWithNothingChargedIsRejected(CancellationReason reason) {
		cancelFor(reason, 1);
		PaymentAuthorized late = authorized(2);

		PaymentAnswer answer = order.paymentAuthorized(late, at(2));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(reason);
		assertThat(answer.rejection()).hasValueSatisfying(rejected -> {
			assertThat(rejected.paymentId()).isEqualTo(late.paymentId());
			assertThat(rejected.authorized()).isEqualTo(order.total());
		});
		assertThat(eventTypes()).endsWith("PaymentAuthorized", "PaymentRejected");
		assertThat(order.paymentAuthorized(late, at(3)).rejection()).as("a redelivery").isEmpty();
		PaymentAuthorized sameAgain = new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice",
				late.paymentId(), late.amount(), LINES, at(2));
		assertThat(order.paymentAuthorized(sameAgain, at(4)).rejection()).as("the same payment announced again")
			.isEmpty();
	}

	@ParameterizedTest
	@EnumSource(value = CancellationReason.class, names = { "OUT_OF_STOCK", "FULFILLMENT_FAILED" })
	void aLatePaymentOfAnOrderWhoseCancellationRefundsItIsOnlyRecorded(CancellationReason reason) {
		cancelFor(reason, 1);

		PaymentAnswer answer = order.paymentAuthorized(authorized(2), at(2));

		assertThat(answer).isInstanceOf(PaymentAnswer.Recorded.class);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(reason);
		assertThat(eventTypes()).last().isEqualTo("PaymentAuthorized");
	}

	@Test
	void everyCancellationReasonSaysWhetherItRefunds() {
		assertThat(CancellationReason.values()).filteredOn(CancellationReason::refundsThePayment)
			.containsExactlyInAnyOrder(CancellationReason.OUT_OF_STOCK, CancellationReason.PAYMENT_MISMATCH,
					CancellationReason.FULFILLMENT_FAILED);
	}

	@Test
	void aPaymentRequestRefusedForGoodCancelsAnOrderAwaitingItsPaymentAndSaysWhy() {
		assertThat(order.paymentRequestRefused("payment-service refused its payment request (HTTP 404)", at(1)))
			.isTrue();

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.PAYMENT_REQUEST_REFUSED);
		assertThat(order.timeline()).last().satisfies(entry -> {
			assertThat(entry.eventType()).isEqualTo("PaymentRequestRefused");
			assertThat(entry.occurredAt()).isEqualTo(at(1));
			assertThat(entry.detail()).contains("HTTP 404");
		});
	}

	@Test
	void aPaymentRequestRefusedAfterAnEventDecidedTheOrderLeavesItAsItIs() {
		order.paymentAuthorized(authorized(1), at(1));

		assertThat(order.paymentRequestRefused("refused (HTTP 404)", at(2))).isFalse();

		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
		assertThat(eventTypes()).doesNotContain("PaymentRequestRefused");
	}

	@Test
	void anOrderPlacedFromTheCartRecordsWhichWriteOfEachCartLineItCameFrom() {
		OrderedCartLine shirt = new OrderedCartLine("SC-TSHIRT-001", 3, PLACED_AT.minusSeconds(5));
		OrderedCartLine mug = new OrderedCartLine("SC-MUG-002", 1, null);

		Order fromCart = Order.place("alice", LINES, PLACED_AT, List.of(mug, shirt));

		assertThat(fromCart.cartLines()).containsExactly(shirt, mug);
		assertThat(fromCart.lines()).isEqualTo(LINES);
		assertThat(order.cartLines()).as("placed through POST /api/orders").isEmpty();
	}

	@Test
	void aDeclineAfterAuthorisationDoesNotCancelAPaidOrder() {
		order.paymentAuthorized(authorized(1), at(1));
		order.paymentDeclined(declined(2), at(2));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
		assertThat(order.getCancellationReason()).isNull();
	}

	@Test
	void rejectedStockCancelsAPaidOrderAndTheRefundIsRecorded() {
		order.paymentAuthorized(authorized(1), at(1));
		order.stockRejected(rejected(2), at(2));
		order.paymentRefunded(refunded(3), at(3));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.OUT_OF_STOCK);
		assertThat(eventTypes()).containsExactly("OrderPlaced", "PaymentAuthorized", "StockRejected",
				"PaymentRefunded");
	}

	@Test
	void rejectedStockCancelsAPlacedOrderToo() {
		order.stockRejected(rejected(1), at(1));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.OUT_OF_STOCK);
	}

	@Test
	void aFailedFulfillmentCancelsAPaidOrderOnceWithItsOwnReason() {
		FulfillmentFailed failed = new FulfillmentFailed(UUID.randomUUID(), order.getId(), "alice",
				"Fulfillment.ItemDamaged", "damaged", at(3));
		order.paymentAuthorized(authorized(1), at(1));
		order.stockReserved(reserved(2), at(2));

		order.fulfillmentFailed(failed, at(3));
		order.fulfillmentFailed(failed, at(4));
		order.paymentRefunded(refunded(5), at(5));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.FULFILLMENT_FAILED);
		assertThat(eventTypes()).containsExactly("OrderPlaced", "PaymentAuthorized", "StockReserved",
				"FulfillmentFailed", "PaymentRefunded");
	}

	@Test
	void aShippedOrderIsNeverCancelled() {
		order.shipped(shipped(1), at(1));
		order.stockRejected(rejected(2), at(2));
		order.paymentDeclined(declined(3), at(3));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.SHIPPED);
		assertThat(order.getCancellationReason()).isNull();
	}

	@Test
	void aCancelledOrderKeepsItsFirstReason() {
		order.paymentDeclined(declined(1), at(1));
		order.stockRejected(rejected(2), at(2));
		order.shipped(shipped(3), at(3));

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.PAYMENT_DECLINED);
	}

	@Test
	void theSameEventTwiceIsRecordedOnce() {
		PaymentAuthorized authorized = authorized(1);

		order.paymentAuthorized(authorized, at(1));
		order.paymentAuthorized(authorized, at(2));

		assertThat(eventTypes()).containsExactly("OrderPlaced", "PaymentAuthorized");
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
	}

	@Test
	void aSecondDistinctPaymentOfAPaidOrderIsLeftToAPersonNotRejected() {
		PaymentAuthorized first = authorized(1);
		order.paymentAuthorized(first, at(1));
		PaymentAuthorized second = authorized(2);

		PaymentAnswer answer = order.paymentAuthorized(second, at(2));

		assertThat(answer).isEqualTo(new PaymentAnswer.SecondPayment(first.paymentId(), second.paymentId(),
				order.total()));
		assertThat(answer.rejection()).as("a rejection would refund the first payment and cancel the order").isEmpty();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
		assertThat(order.getPaymentId()).isEqualTo(first.paymentId());
		assertThat(order.timeline()).last().satisfies(entry -> {
			assertThat(entry.eventType()).isEqualTo("PaymentAuthorized");
			assertThat(entry.detail()).contains("second payment");
		});
	}

	@Test
	void aSecondPaymentOfAnotherAmountIsLeftToAPersonToo() {
		PaymentAuthorized first = authorized(1);
		order.paymentAuthorized(first, at(1));

		assertThat(order.paymentAuthorized(new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice",
				UUID.randomUUID(), Money.of("1.00"), LINES, at(2)), at(2)))
			.isInstanceOf(PaymentAnswer.SecondPayment.class);
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
	}

	@Test
	void refusesAnotherOrdersEvent() {
		PaymentAuthorized someoneElses = new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), "alice",
				UUID.randomUUID(), Money.of("52.48"), LINES, at(1));

		assertThatThrownBy(() -> order.paymentAuthorized(someoneElses, at(1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(order.timeline()).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource(OrderStatus.class)
	void statusesOnlyMoveForward(OrderStatus status) {
		assertThat(status.canMoveTo(OrderStatus.PLACED)).isFalse();
		assertThat(status.canMoveTo(status)).isFalse();
	}

	@Test
	void shippedAndCancelledAreTheTerminalStatuses() {
		assertThat(OrderStatus.PLACED.allowedNext()).containsExactlyInAnyOrder(OrderStatus.PAID, OrderStatus.SHIPPED,
				OrderStatus.CANCELLED);
		assertThat(OrderStatus.PAID.allowedNext()).containsExactlyInAnyOrder(OrderStatus.SHIPPED,
				OrderStatus.CANCELLED);
		assertThat(OrderStatus.SHIPPED.isTerminal()).isTrue();
		assertThat(OrderStatus.CANCELLED.isTerminal()).isTrue();
		assertThat(OrderStatus.PAID.isTerminal()).isFalse();
	}

	private List<String> eventTypes() {
		return order.timeline().stream().map(TimelineEntry::eventType).toList();
	}

	private static Instant at(int minutes) {
		return PLACED_AT.plus(Duration.ofMinutes(minutes));
	}

	@Test
	void aPaymentForAnotherAmountDoesNotPayTheOrderItCancelsItAndAsksForTheMoneyBack() {
		PaymentAuthorized underpaid = new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice",
				UUID.randomUUID(), Money.of("0.00"), LINES, at(1));

		Optional<PaymentRejected> rejection = order.paymentAuthorized(underpaid, at(2)).rejection();

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.PAYMENT_MISMATCH);
		assertThat(rejection).hasValueSatisfying(rejected -> {
			assertThat(rejected.orderId()).isEqualTo(order.getId());
			assertThat(rejected.customerId()).isEqualTo("alice");
			assertThat(rejected.paymentId()).isEqualTo(underpaid.paymentId());
			assertThat(rejected.authorized()).isEqualTo(Money.of("0.00"));
			assertThat(rejected.orderTotal()).isEqualTo(Money.of("52.48"));
		});
		assertThat(order.timeline()).extracting(TimelineEntry::eventType)
			.containsExactly("OrderPlaced", "PaymentAuthorized", "PaymentRejected");
		assertThat(order.paymentAuthorized(underpaid, at(3)).rejection()).as("a redelivery asks for nothing more")
			.isEmpty();
	}

	@Test
	void theRightAmountPaysTheOrderAndAsksForNoRefund() {
		assertThat(order.paymentAuthorized(authorized(1), at(1)).rejection()).isEmpty();
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PAID);
	}

	@Test
	void aMismatchedPaymentOfAShippedOrderIsRejectedAndTheOrderStaysShipped() {
		order.shipped(shipped(1), at(1));

		PaymentAnswer answer = order.paymentAuthorized(new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice",
				UUID.randomUUID(), Money.of("1.00"), LINES, at(2)), at(2));

		assertThat(answer).isInstanceOfSatisfying(PaymentAnswer.Rejected.class, rejected -> {
			assertThat(rejected.goodsLeft()).isTrue();
			assertThat(rejected.rejected().authorized()).isEqualTo(Money.of("1.00"));
		});
		assertThat(order.getStatus()).isEqualTo(OrderStatus.SHIPPED);
		assertThat(order.getCancellationReason()).isNull();
	}

	@Test
	void aMismatchedPaymentOfAnOrderCancelledOtherwiseIsRejectedAndKeepsTheReason() {
		order.stockRejected(rejected(1), at(1));

		assertThat(order.paymentAuthorized(new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice",
				UUID.randomUUID(), Money.of("1.00"), LINES, at(2)), at(2)).rejection()).isPresent();
		assertThat(order.getCancellationReason()).isEqualTo(CancellationReason.OUT_OF_STOCK);
	}

	private void cancelFor(CancellationReason reason, int minute) {
		switch (reason) {
			case PAYMENT_DECLINED -> order.paymentDeclined(declined(minute), at(minute));
			case FRAUD_SUSPECTED -> order.fraudScreeningFailed(new FraudScreeningFailed(UUID.randomUUID(),
					order.getId(), "alice", "rules", List.of("velocity"), at(minute)), at(minute));
			case OUT_OF_STOCK -> order.stockRejected(rejected(minute), at(minute));
			// Before the payment is heard of: the events of a standard queue arrive in any order.
			case FULFILLMENT_FAILED -> order.fulfillmentFailed(new FulfillmentFailed(UUID.randomUUID(), order.getId(),
					"alice", "damaged", "a mug broke", at(minute)), at(minute));
			case PAYMENT_MISMATCH -> throw new IllegalArgumentException("cancelled by a payment itself");
			case PAYMENT_REQUEST_REFUSED -> order.paymentRequestRefused("refused (HTTP 404)", at(minute));
		}
		assertThat(order.getCancellationReason()).isEqualTo(reason);
	}

	private PaymentAuthorized authorized(int minute) {
		return new PaymentAuthorized(UUID.randomUUID(), order.getId(), "alice", UUID.randomUUID(), order.total(), LINES,
				at(minute));
	}

	private PaymentDeclined declined(int minute) {
		return new PaymentDeclined(UUID.randomUUID(), order.getId(), "alice", "insufficient funds", at(minute));
	}

	private StockReserved reserved(int minute) {
		return new StockReserved(UUID.randomUUID(), order.getId(), "alice", LINES, at(minute));
	}

	private StockRejected rejected(int minute) {
		return new StockRejected(UUID.randomUUID(), order.getId(), "alice", List.of("SC-MUG-002"), "out of stock",
				at(minute));
	}

	private OrderShipped shipped(int minute) {
		return new OrderShipped(UUID.randomUUID(), order.getId(), "alice", UUID.randomUUID(), "TRACK-1", LINES,
				at(minute));
	}

	private PaymentRefunded refunded(int minute) {
		return new PaymentRefunded(UUID.randomUUID(), order.getId(), "alice", UUID.randomUUID(), order.total(),
				"out of stock", at(minute));
	}
}
