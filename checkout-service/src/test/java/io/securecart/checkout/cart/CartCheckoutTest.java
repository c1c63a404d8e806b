package io.securecart.checkout.cart;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.securecart.checkout.order.CancellationReason;
import io.securecart.checkout.order.Checkout;
import io.securecart.checkout.order.IdempotencyKeyReusedException;
import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.OrderedCartLine;
import io.securecart.checkout.order.Orders;
import io.securecart.checkout.order.PaymentRequestRefusedException;
import io.securecart.checkout.order.PaymentToken;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * What a cart may place: never more lines than an order may hold, however the cart came to hold them; and a retry
 * racing the request it repeats answers with that request's order, removing only what it ordered.
 */
class CartCheckoutTest {

	private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

	private final Carts carts = mock();

	private final Checkout checkout = mock();

	private final Orders orders = mock();

	private static final Duration TIME_TO_LIVE = Duration.ofDays(30);

	private static final PaymentToken TOKEN = new PaymentToken("tok_visa");

	private final CartCheckout cartCheckout = new CartCheckout(carts, checkout, orders,
			new CartProperties("carts", TIME_TO_LIVE, 50, Duration.ofSeconds(5)));

	@Test
	void aCartThatRacedPastItsLimitIsRefusedAndPlacesNoOrder() {
		// Concurrent adds each counted 49 lines before writing theirs.
		List<CartLine> lines = IntStream.rangeClosed(1, 53)
			.mapToObj(i -> CartLine.of("alice", "SC-ITEM-" + i, 1, NOW, Duration.ofDays(30)))
			.toList();
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty());
		given(carts.liveLines("alice")).willReturn(lines);

		assertThatExceptionOfType(CartLimitException.class)
			.isThrownBy(() -> cartCheckout.checkout("alice", "key-1", new PaymentToken("tok_visa")))
			.withMessageContaining("at most 50 SKUs and this one holds 53: remove 3");
		verify(checkout, never()).placeOrder(anyString(), anyString(), any(), any());
		verify(carts, never()).removeOrdered(anyString(), any());
	}

	@Test
	void aRetryThatFindsTheCartEmptiedByTheFirstRequestAnswersWithItsOrder() {
		OrderView placed = placed(item("SC-MUG-002", 1));
		// The first request commits its order and empties the cart between the retry's look for the key and its read.
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty(), Optional.of(placed));
		given(carts.liveLines("alice")).willReturn(List.of());
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any())).willReturn(placed);

		assertThat(cartCheckout.checkout("alice", "key-1", TOKEN)).isEqualTo(placed);
	}

	@Test
	void aRetryThatFindsTheCartPartlyEmptiedByTheFirstRequestAnswersWithItsOrder() {
		OrderView placed = placed(item("SC-MUG-002", 1), item("SC-TSHIRT-001", 1));
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty(), Optional.of(placed));
		given(carts.liveLines("alice")).willReturn(List.of(line("SC-TSHIRT-001", 1, NOW.minusSeconds(60))),
				List.of());
		// The lines left are not the request the key placed its order for; the order's own lines are.
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any(), any()))
			.willThrow(new IdempotencyKeyReusedException());
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any())).willReturn(placed);

		assertThat(cartCheckout.checkout("alice", "key-1", TOKEN)).isEqualTo(placed);
	}

	@Test
	void aKeyReusedForAnotherRequestIsStillRefused() {
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty());
		given(carts.liveLines("alice")).willReturn(List.of(line("SC-MUG-002", 1, NOW)));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any(), any()))
			.willThrow(new IdempotencyKeyReusedException());

		assertThatExceptionOfType(IdempotencyKeyReusedException.class)
			.isThrownBy(() -> cartCheckout.checkout("alice", "key-1", TOKEN));
		verify(carts, never()).removeOrdered(anyString(), any());
	}

	@Test
	void anEmptyCartWithNoOrderUnderTheKeyIsEmpty() {
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty());
		given(carts.liveLines("alice")).willReturn(List.of());

		assertThatExceptionOfType(EmptyCartException.class)
			.isThrownBy(() -> cartCheckout.checkout("alice", "key-1", TOKEN));
	}

	@Test
	void anOrderPlacesTheCartLinesItReadAndRecordsWhichWritesOfThemItWasPlacedFrom() {
		CartLine mug = line("SC-MUG-002", 2, NOW.minusSeconds(60));
		CartLine shirt = line("SC-TSHIRT-001", 1, NOW.minusSeconds(30));
		OrderView placed = placed(item("SC-MUG-002", 2), item("SC-TSHIRT-001", 1));
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty());
		given(carts.liveLines("alice")).willReturn(List.of(mug, shirt));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any(), any())).willReturn(placed);
		given(orders.cartLinesOf(placed.id())).willReturn(List.of(mug.asOrdered(), shirt.asOrdered()));

		cartCheckout.checkout("alice", "key-1", TOKEN);

		verify(checkout).placeOrder(eq("key-1"), eq("alice"), any(),
				eq(List.of(new OrderedCartLine("SC-MUG-002", 1, NOW.minusSeconds(60)),
						new OrderedCartLine("SC-TSHIRT-001", 1, NOW.minusSeconds(30)))));
		verify(carts).removeOrdered("alice", List.of(mug, shirt));
	}

	@Test
	void aRetryRemovesTheLinesItsOrderRecordsWhateverTheTimeToLiveIsNowAndNoLineWrittenSince() {
		// Written under a time to live of 60 days, lowered to this checkout's 30 since: their expiry is 30 days
		// later than the time to live now says, which put them after the order.
		Duration before = Duration.ofDays(60);
		CartLine mug = stored(CartLine.of("alice", "SC-MUG-002", 1, NOW.minusSeconds(60), before), 1);
		CartLine shirt = stored(CartLine.of("alice", "SC-TSHIRT-001", 1, NOW.minusSeconds(60), before), 1);
		// The release before wrote this one: no writtenAt, and the order recorded none.
		CartLine cap = stored(CartLine.of("alice", "SC-CAP-003", 1, NOW.minusSeconds(60), before), 4);
		cap.setWrittenAt(null);
		OrderView placed = placed(item("SC-MUG-002", 1), item("SC-TSHIRT-001", 1), item("SC-CAP-003", 1));
		given(orders.cartLinesOf(placed.id())).willReturn(List.of(mug.asOrdered(), shirt.asOrdered(),
				cap.asOrdered()));
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.of(placed));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any())).willReturn(placed);
		// After the order, within its second: another tab changed the shirt (one more, then one less), and the mug
		// was ordered, removed, and added again alike, its version starting over.
		CartLine shirtChanged = stored(CartLine.of("alice", "SC-TSHIRT-001", 1, NOW.plusMillis(500), TIME_TO_LIVE), 3);
		CartLine mugAgain = stored(CartLine.of("alice", "SC-MUG-002", 1, NOW.plusMillis(600), TIME_TO_LIVE), 1);
		given(carts.liveLines("alice")).willReturn(List.of(mugAgain, shirtChanged, cap));

		cartCheckout.checkout("alice", "key-1", TOKEN);

		verify(carts).removeOrdered("alice", List.of(cap));
	}

	/**
	 * Request A placed the order from the mug at version 1; the line changed to version 3 since; retry B (the same
	 * key) read version 3, and A's order is its answer (A committed after B's look for the key, or won its claim).
	 */
	@Test
	void aFirstAttemptAnsweredWithAnotherRequestsOrderRemovesTheLinesAsThatOrderRecordedThemNotItsOwnCopy() {
		CartLine mugOrdered = line("SC-MUG-002", 1, NOW.minusSeconds(60));
		CartLine mugChanged = stored(CartLine.of("alice", "SC-MUG-002", 1, NOW.plusSeconds(5), TIME_TO_LIVE), 3);
		CartLine shirt = line("SC-TSHIRT-001", 1, NOW.minusSeconds(30));
		OrderView placed = placed(item("SC-MUG-002", 1), item("SC-TSHIRT-001", 1));
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.empty());
		given(carts.liveLines("alice")).willReturn(List.of(mugChanged, shirt));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any(), any())).willReturn(placed);
		given(orders.cartLinesOf(placed.id())).willReturn(List.of(mugOrdered.asOrdered(), shirt.asOrdered()));

		assertThat(cartCheckout.checkout("alice", "key-1", TOKEN)).isEqualTo(placed);

		verify(carts).removeOrdered("alice", List.of(shirt));
	}

	@Test
	void aRetryOfACheckoutWhosePaymentRequestWasRefusedIsRefusedAgainAndLeavesTheCartAsTheFirstAttemptDid() {
		OrderView refused = new OrderView(UUID.randomUUID(), "alice", OrderStatus.CANCELLED,
				CancellationReason.PAYMENT_REQUEST_REFUSED, new BigDecimal("10.00"), "USD",
				List.of(item("SC-MUG-002", 1)), List.of());
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.of(refused));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any()))
			.willThrow(new PaymentRequestRefusedException(refused.id(), 422));

		assertThatExceptionOfType(PaymentRequestRefusedException.class)
			.isThrownBy(() -> cartCheckout.checkout("alice", "key-1", TOKEN));
		verify(carts, never()).removeOrdered(anyString(), any());
	}

	/** An order placed before orders recorded their cart lines (V16): the time rule it was placed under. */
	@Test
	void aLateRetryOfAnOrderThatRecordedNoCartLinesRemovesTheLinesAsOrderedButNotALikeLineAddedAfter() {
		OrderView placed = placed(item("SC-MUG-002", 1), item("SC-TSHIRT-001", 1));
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.of(placed));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any())).willReturn(placed);
		// Written in the second the order was placed (the cart keeps seconds): taken for ordered.
		CartLine leftBehind = line("SC-TSHIRT-001", 1, NOW.plusMillis(900));
		// Ordered, emptied, then added again alike by another tab an hour later.
		CartLine addedSince = line("SC-MUG-002", 1, NOW.plus(Duration.ofHours(1)));
		given(carts.liveLines("alice")).willReturn(List.of(leftBehind, addedSince));

		cartCheckout.checkout("alice", "key-1", TOKEN);

		verify(carts).removeOrdered("alice", List.of(leftBehind));
	}

	/**
	 * The first attempt placed the order and its answer was lost; the retry finds DynamoDB down. The order is
	 * placed: its lines stay in the cart (with a WARN), as a line removeOrdered cannot remove does, and the retry is
	 * answered with the order, not 503 cart-unavailable.
	 */
	@Test
	void aRetryAnswersWithItsPlacedOrderWhenTheCartCannotBeReadToEmptyIt() {
		OrderView placed = placed(item("SC-MUG-002", 1));
		given(orders.placedWith("alice", "key-1")).willReturn(Optional.of(placed));
		given(checkout.placeOrder(eq("key-1"), eq("alice"), any())).willReturn(placed);
		given(carts.liveLines("alice"))
			.willThrow(new CartUnavailableException(SdkClientException.create("Unable to execute HTTP request")));

		assertThat(cartCheckout.checkout("alice", "key-1", TOKEN)).isEqualTo(placed);
		verify(carts, never()).removeOrdered(anyString(), any());
	}

	private static CartLine line(String sku, int quantity, Instant writtenAt) {
		return stored(CartLine.of("alice", sku, quantity, writtenAt, TIME_TO_LIVE), 1);
	}

	private static CartLine stored(CartLine line, long version) {
		line.setVersion(version);
		return line;
	}

	private static OrderView.Item item(String sku, int quantity) {
		return new OrderView.Item(sku, quantity, new BigDecimal("10.00"));
	}

	private static OrderView placed(OrderView.Item... items) {
		return new OrderView(UUID.randomUUID(), "alice", OrderStatus.PLACED, null, new BigDecimal("10.00"), "USD",
				List.of(items), List.of(new OrderView.TimelineItem("OrderPlaced", NOW.plusMillis(400), null)));
	}
}
