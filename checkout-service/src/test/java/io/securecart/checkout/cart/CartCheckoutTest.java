package io.securecart.checkout.cart;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import io.securecart.checkout.order.Checkout;
import io.securecart.checkout.order.Orders;
import io.securecart.checkout.order.PaymentToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** What a cart may place: never more lines than an order may hold, however the cart came to hold them. */
class CartCheckoutTest {

	private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

	private final Carts carts = mock();

	private final Checkout checkout = mock();

	private final Orders orders = mock();

	private final CartCheckout cartCheckout = new CartCheckout(carts, checkout, orders,
			new CartProperties("carts", Duration.ofDays(30), 50, Duration.ofSeconds(5)));

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
		verify(checkout, never()).placeOrder(anyString(), anyString(), any());
		verify(carts, never()).removeOrdered(anyString(), any());
	}
}
