package io.securecart.checkout.cart;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.securecart.checkout.order.Checkout;
import io.securecart.checkout.order.IdempotencyKeyReusedException;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.OrderedCartLine;
import io.securecart.checkout.order.Orders;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.checkout.order.PlaceOrderRequest;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * {@code POST /api/cart/checkout}: places the cart as an order through {@link Checkout}, the path of
 * {@code POST /api/orders} (catalog prices, idempotency, outbox), and empties the cart only once the order is
 * accepted. A failure (unknown SKU, catalog or payment unavailable, a reused key) leaves the cart as it was.
 */
@Service
class CartCheckout {

	private static final Logger log = LoggerFactory.getLogger(CartCheckout.class);

	private final Carts carts;

	private final Checkout checkout;

	private final Orders orders;

	private final CartProperties properties;

	CartCheckout(Carts carts, Checkout checkout, Orders orders, CartProperties properties) {
		this.carts = carts;
		this.checkout = checkout;
		this.orders = orders;
		this.properties = properties;
	}

	/**
	 * @throws EmptyCartException if there is nothing to order
	 * @throws CartLimitException if the cart holds more lines than an order may: adds that raced past the cart's
	 * limit ({@link Carts#add} counts before it writes), bounded here, where the order is built in code and no
	 * request validation sees it
	 * @throws io.securecart.checkout.order.IdempotencyKeyReusedException if the key placed a different order
	 */
	OrderView checkout(String customerId, String idempotencyKey, PaymentToken paymentToken) {
		Optional<OrderView> placedBefore = orders.placedWith(customerId, idempotencyKey);
		if (placedBefore.isPresent()) {
			return replay(customerId, idempotencyKey, paymentToken, placedBefore.get());
		}
		List<CartLine> lines = carts.liveLines(customerId);
		if (lines.isEmpty()) {
			// The first request with this key may have placed its order and emptied the cart since the look above.
			return placedMeanwhile(customerId, idempotencyKey, paymentToken).orElseThrow(EmptyCartException::new);
		}
		if (lines.size() > properties.maxLines()) {
			throw new CartLimitException("a cart holds at most %d SKUs and this one holds %d: remove %d to check out"
				.formatted(properties.maxLines(), lines.size(), lines.size() - properties.maxLines()));
		}
		List<PlaceOrderRequest.Item> items = lines.stream()
			.map(line -> new PlaceOrderRequest.Item(line.getSku(), line.getQuantity()))
			.toList();
		OrderView order;
		try {
			order = checkout.placeOrder(idempotencyKey, customerId, new PlaceOrderRequest(null, items, paymentToken),
					lines.stream().map(CartLine::asOrdered).toList());
		}
		catch (IdempotencyKeyReusedException reused) {
			// Or it placed it and was emptying the cart when this one read it: what was left is not what it ordered.
			return placedMeanwhile(customerId, idempotencyKey, paymentToken).orElseThrow(() -> reused);
		}
		// The order may be another request's with this key (placed since the look above, or the key's claim lost to
		// it), placed from the lines as they were then: a line changed since is not what it ordered, and stays.
		carts.removeOrdered(customerId, linesAsOrdered(lines, order));
		return order;
	}

	private Optional<OrderView> placedMeanwhile(String customerId, String idempotencyKey, PaymentToken paymentToken) {
		return orders.placedWith(customerId, idempotencyKey)
			.map(placed -> replay(customerId, idempotencyKey, paymentToken, placed));
	}

	/**
	 * The same checkout sent again (its answer was lost): the cart it emptied cannot say what was ordered, the order
	 * can. Checkout answers with that order if it is the same request, and refuses it (422) if not.
	 */
	private OrderView replay(String customerId, String idempotencyKey, PaymentToken paymentToken, OrderView placed) {
		// An order whose payment request was refused is answered 502 again (PaymentRequestRefusedException): the
		// first attempt left the cart as it was, and so does its retry.
		OrderView order = checkout.placeOrder(idempotencyKey, customerId,
				new PlaceOrderRequest(null, itemsOf(placed), paymentToken));
		// The first attempt may have placed the order without emptying the cart (coupled mode's 503 after the order
		// was saved, or a crash in between): the lines still as ordered go now. The order is placed: a cart that
		// cannot be read keeps them, as removeOrdered keeps a line it cannot remove, and the answer is the order.
		try {
			carts.removeOrdered(customerId, linesAsOrdered(carts.liveLines(customerId), order));
		}
		catch (CartUnavailableException unavailable) {
			log.warn("Order {} of {} was answered again; the cart could not be read to remove its lines ({}): "
					+ "they stay", order.id(), customerId, unavailable.getMessage());
		}
		return order;
	}

	/**
	 * The lines the order was placed from that are still in the cart, exactly: each still the write the order
	 * recorded (its version, and when that version was written), whatever the time to live is now and whatever the
	 * clocks say. One changed since, or removed and added again alike by another tab, was not ordered and stays.
	 */
	private List<CartLine> linesAsOrdered(List<CartLine> lines, OrderView order) {
		List<OrderedCartLine> ordered = orders.cartLinesOf(order.id());
		if (ordered.isEmpty()) {
			return linesWrittenBeforeIt(lines, order);
		}
		return lines.stream().filter(line -> ordered.contains(line.asOrdered())).toList();
	}

	/**
	 * For an order that recorded no cart lines (placed by the release before V16, or through {@code POST /api/orders}
	 * under the key): the lines of its SKU and quantity last written no later than it was placed, as worked out from
	 * their expiry and the time to live now, to the second. A time to live changed since moves that by the difference.
	 */
	private List<CartLine> linesWrittenBeforeIt(List<CartLine> lines, OrderView order) {
		Instant placedAt = placedAt(order);
		return lines.stream()
			.filter(line -> !line.writtenAtByExpiry(properties.timeToLive()).isAfter(placedAt))
			.filter(line -> order.items()
				.stream()
				.anyMatch(item -> item.sku().equals(line.getSku()) && item.quantity() == line.getQuantity()))
			.toList();
	}

	/** When the order was placed ({@code OrderPlaced}), to the second as the cart stores time. */
	private static Instant placedAt(OrderView order) {
		return order.timeline()
			.stream()
			.filter(entry -> entry.event().equals(OrderEvent.eventTypeOf(OrderPlaced.class)))
			.map(OrderView.TimelineItem::at)
			.findFirst()
			.orElseThrow()
			.truncatedTo(ChronoUnit.SECONDS);
	}

	private static List<PlaceOrderRequest.Item> itemsOf(OrderView order) {
		return order.items().stream().map(item -> new PlaceOrderRequest.Item(item.sku(), item.quantity())).toList();
	}
}
