package io.securecart.payment.charge;

import java.time.Instant;

import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.OrderEventCodec;

/**
 * Charge attempts as {@code Payments.authorize} writes them before it asks the gateway, for tests that need one
 * written when they say: long ago (past the key window), or by two deliveries at once.
 */
final class PendingAttempts {

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private PendingAttempts() {
	}

	static PaymentAttempt writtenAt(OrderPlaced order, Instant writtenAt) {
		return new PaymentAttempt(order.orderId(), order.customerId(), Payments.chargeKey(order.orderId()),
				order.total(), codec.encode(order), writtenAt);
	}
}
