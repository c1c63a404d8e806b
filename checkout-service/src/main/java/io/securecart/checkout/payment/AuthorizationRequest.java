package io.securecart.checkout.payment;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentToken;

/**
 * The body of payment-service's {@code POST /api/payments/authorizations}: what {@code OrderPlaced} carries on the
 * queue in the decoupled mode. The token serialises as its value; {@code toString()} shows it redacted.
 */
record AuthorizationRequest(UUID orderId, String customerId, List<Line> lines, BigDecimal total, String currency,
		PaymentToken paymentToken) {

	record Line(String sku, int quantity, BigDecimal unitPrice) {
	}

	static AuthorizationRequest of(OrderView order, PaymentToken paymentToken) {
		return new AuthorizationRequest(order.id(), order.customerId(),
				order.items().stream().map(item -> new Line(item.sku(), item.quantity(), item.unitPrice())).toList(),
				order.total(), order.currency(), paymentToken);
	}
}
