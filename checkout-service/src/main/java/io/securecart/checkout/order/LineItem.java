package io.securecart.checkout.order;

import java.math.BigDecimal;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of an order, at the price it was sold for (in the order's currency). The schema's {@code numeric(12,2)}
 * holds the price's precision.
 */
@Table("order_line")
record LineItem(String sku, int quantity, BigDecimal unitPrice) {

	static LineItem of(OrderLine line) {
		return new LineItem(line.sku(), line.quantity(), line.unitPrice().amount());
	}

	OrderLine toOrderLine(String currency) {
		return new OrderLine(sku, quantity, new Money(unitPrice, currency));
	}
}
