package io.securecart.contracts.events;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;

/**
 * Checkout refused a payment: the amount authorised is not the total the order was placed at. The order is cancelled,
 * and payment refunds what it charged (compensation). Sent by checkout to {@code orders.fifo}, the queue payment
 * already reads checkout's facts from.
 *
 * @param paymentId the payment to give back
 * @param authorized what was charged
 * @param orderTotal what should have been charged
 */
public record PaymentRejected(UUID eventId, UUID orderId, String customerId, UUID paymentId, Money authorized,
		Money orderTotal, Instant occurredAt) implements OrderEvent {
}
