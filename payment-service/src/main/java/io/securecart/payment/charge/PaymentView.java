package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment as {@code GET /api/payments} shows it. */
record PaymentView(UUID id, UUID orderId, String customerId, PaymentStatus status, BigDecimal amount,
		String currency, String declineReason, Instant createdAt, Instant updatedAt) {

	static PaymentView of(Payment payment) {
		return new PaymentView(payment.getId(), payment.getOrderId(), payment.getCustomerId(), payment.getStatus(),
				payment.getAmount().amount(), payment.getAmount().currency(), payment.getDeclineReason(),
				payment.getCreatedAt(), payment.getUpdatedAt());
	}
}
