package io.securecart.checkout.order;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One event in an order's history.
 *
 * @param eventId the event's own id, so the same event is never recorded twice
 * @param eventType e.g. {@code PaymentAuthorized}
 * @param occurredAt when the service that announced it says it happened
 * @param recordedAt when checkout learned about it
 * @param detail what a customer or an operator should read about it, e.g. a fraud verdict's reasons; often none
 */
@Table("order_timeline")
record TimelineEntry(UUID eventId, String eventType, Instant occurredAt, Instant recordedAt, String detail) {

	static final int MAX_DETAIL = 500;
}
