package io.securecart.checkout.order;

import java.math.BigDecimal;

import io.securecart.contracts.Money;

/**
 * The items priced to a total larger than an order may hold ({@link Order#MAX_TOTAL}): no row could store it, here or
 * in payment, so it is refused before anything is placed.
 */
public class OrderTotalTooLargeException extends RuntimeException {

	OrderTotalTooLargeException(Money total, BigDecimal max) {
		super("the items total %s %s, and an order may total at most %s %s: order fewer of them"
			.formatted(total.amount().toPlainString(), total.currency(), max.toPlainString(), total.currency()));
	}
}
