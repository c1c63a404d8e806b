package io.securecart.checkout.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in the saga. Statuses only move forward: {@link #SHIPPED} and {@link #CANCELLED} are terminal,
 * and {@link #PLACED} may jump straight to {@link #SHIPPED}, because events can arrive out of order and a shipped
 * order was necessarily paid.
 */
public enum OrderStatus {

	PLACED, PAID, SHIPPED, CANCELLED;

	/** The statuses this one may move to. */
	public Set<OrderStatus> allowedNext() {
		return switch (this) {
			case PLACED -> EnumSet.of(PAID, SHIPPED, CANCELLED);
			case PAID -> EnumSet.of(SHIPPED, CANCELLED);
			case SHIPPED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
		};
	}

	public boolean canMoveTo(OrderStatus next) {
		return allowedNext().contains(next);
	}

	public boolean isTerminal() {
		return allowedNext().isEmpty();
	}
}
