package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Fulfilment gave up on a reserved, paid order: a step failed for good (an item found damaged, an invalid order) or a
 * worker never answered. Its shipments are cancelled. The saga compensates: inventory releases the reservation,
 * payment refunds, checkout cancels the order ({@code FULFILLMENT_FAILED}) and notification tells the customer.
 *
 * @param reason the workflow's error name, e.g. {@code Fulfillment.ItemDamaged} or {@code States.Timeout}
 * @param detail what went wrong, for people (never card data)
 */
public record FulfillmentFailed(UUID eventId, UUID orderId, String customerId, String reason, String detail,
		Instant occurredAt) implements OrderEvent {
}
