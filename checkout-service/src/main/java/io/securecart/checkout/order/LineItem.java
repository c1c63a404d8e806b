package io.securecart.checkout.order;

import java.math.BigDecimal;
import java.time.Instant;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of an order, at the price it was sold for (in the order's currency). The schema's {@code numeric(12,2)}
 * holds the price's precision.
 *
 * @param cartLineVersion the version of the cart line it was placed from; null for a line not placed from the cart
 * (or placed before V16)
 * @param cartLineWrittenAt when that cart line's version was written; null as above, and for a cart line the release
 * before V16 wrote
 */
@Table("order_line")
record LineItem(String sku, int quantity, BigDecimal unitPrice, Long cartLineVersion, Instant cartLineWrittenAt) {

	static LineItem of(OrderLine line, OrderedCartLine fromCart) {
		return fromCart == null ? new LineItem(line.sku(), line.quantity(), line.unitPrice().amount(), null, null)
				: new LineItem(line.sku(), line.quantity(), line.unitPrice().amount(), fromCart.version(),
						fromCart.writtenAt());
	}

	OrderLine toOrderLine(String currency) {
		return new OrderLine(sku, quantity, new Money(unitPrice, currency));
	}

	/** The cart line this line was placed from, if it was placed from the cart. */
	OrderedCartLine fromCart() {
		return cartLineVersion == null ? null : new OrderedCartLine(sku, cartLineVersion, cartLineWrittenAt);
	}
}
