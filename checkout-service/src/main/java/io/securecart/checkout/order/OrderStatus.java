package io.securecart.checkout.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in the saga. Statuses only move forward: {@link #SHIPPED} and {@link #CANCELLED} are terminal,
 * and an earlier status may jump ahead, because events can arrive out of order (a shipped order was necessarily paid,
 * a paid high-value order necessarily passed its screening).
 * <p>
 * A high-value order takes a detour before it is paid: {@link #SCREENING}, perhaps {@link #UNDER_REVIEW}, then
 * {@link #CLEARED} (or cancelled as suspected fraud). Every other order starts {@link #PLACED}.
 */
public enum OrderStatus {

	/** Accepted, waiting for payment. */
	PLACED,

	/** A high-value order, waiting for its fraud screening's verdict; nothing is charged until it passes. */
	SCREENING,

	/** Screening asked a person to review it; nothing is charged until they approve it (or time runs out). */
	UNDER_REVIEW,

	/** Passed its screening (or review); waiting for payment. */
	CLEARED,

	PAID, SHIPPED, CANCELLED;

	/** The statuses this one may move to. */
	public Set<OrderStatus> allowedNext() {
		return switch (this) {
			case PLACED -> EnumSet.of(PAID, SHIPPED, CANCELLED);
			case SCREENING -> EnumSet.of(UNDER_REVIEW, CLEARED, PAID, SHIPPED, CANCELLED);
			case UNDER_REVIEW -> EnumSet.of(CLEARED, PAID, SHIPPED, CANCELLED);
			case CLEARED -> EnumSet.of(PAID, SHIPPED, CANCELLED);
			case PAID -> EnumSet.of(SHIPPED, CANCELLED);
			case SHIPPED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
		};
	}

	public boolean canMoveTo(OrderStatus next) {
		return allowedNext().contains(next);
	}

	/** Shipped or cancelled: nothing happens to the order any more. */
	public boolean isTerminal() {
		return allowedNext().isEmpty();
	}

	/** Nothing has been charged yet, as far as checkout knows. */
	public boolean isAwaitingPayment() {
		return this == PLACED || this == SCREENING || this == UNDER_REVIEW || this == CLEARED;
	}
}
