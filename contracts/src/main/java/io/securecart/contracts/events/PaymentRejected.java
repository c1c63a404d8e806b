package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;

/**
 * Checkout refused a payment: the amount authorised is not the total the order was placed at, so the order is cancelled
 * ({@code PAYMENT_MISMATCH}); or the order was cancelled with nothing to charge (declined, failed its fraud screening)
 * before the payment was heard of, and {@code authorized} equals {@code orderTotal}. Published by checkout on
 * {@code order-events} (ADR 44) to everyone who acted on the payment: payment refunds what it charged, inventory
 * releases the order's reservation (or never makes it), fulfillment stops the order's fulfilment (or never starts it).
 * Goods that already left are not called back (ADR 35).
 *
 * @param paymentId the payment to give back
 * @param authorized what was charged
 * @param orderTotal what should have been charged
 */
public record PaymentRejected(UUID eventId, UUID orderId, String customerId, UUID paymentId, Money authorized,
		Money orderTotal, Instant occurredAt) implements OrderEvent {
}
