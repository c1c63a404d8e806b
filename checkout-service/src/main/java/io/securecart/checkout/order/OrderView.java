package io.securecart.checkout.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it: {@code GET /api/orders/{id}}, and the body of {@code POST /api/orders}. */
public record OrderView(UUID id, String customerId, OrderStatus status, CancellationReason cancellationReason,
		BigDecimal total, String currency, List<Item> items, List<TimelineItem> timeline) {

	static OrderView of(Order order) {
		return new OrderView(order.getId(), order.getCustomerId(), order.getStatus(), order.getCancellationReason(),
				order.total().amount(), order.total().currency(),
				order.lines()
					.stream()
					.map(line -> new Item(line.sku(), line.quantity(), line.unitPrice().amount()))
					.toList(),
				order.timeline()
					.stream()
					.map(entry -> new TimelineItem(entry.eventType(), entry.occurredAt(), entry.detail()))
					.toList());
	}

	public record Item(String sku, int quantity, BigDecimal unitPrice) {
	}

	/**
	 * @param event the event's type, e.g. {@code PaymentAuthorized}
	 * @param at when it happened
	 * @param detail e.g. a fraud verdict and its reasons; null for most events
	 */
	public record TimelineItem(String event, Instant at, String detail) {
	}
}
