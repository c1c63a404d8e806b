package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The provider does not confirm the refund a settlement names: no such refund, or one of another charge, key or
 * amount than the order's. Nothing is recorded; the person looks again at the provider's records.
 */
class RefundNotConfirmedException extends RuntimeException {

	RefundNotConfirmedException(UUID orderId, String refundReference) {
		super("The payment provider made no refund %s of order %s's charge, key and amount".formatted(refundReference,
				orderId));
	}
}
