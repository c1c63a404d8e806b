package io.securecart.checkout.order;

import java.math.BigDecimal;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of an order, at the price it was sold for (in the order's currency). */
@Embeddable
record LineItem(String sku, int quantity, @Column(precision = 12, scale = 2) BigDecimal unitPrice) {

	static LineItem of(OrderLine line) {
		return new LineItem(line.sku(), line.quantity(), line.unitPrice().amount());
	}

	OrderLine toOrderLine(String currency) {
		return new OrderLine(sku, quantity, new Money(unitPrice, currency));
	}
}
