package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The provider does not confirm the refund a settlement names: no such refund, or one of another charge, key or
 * amount than the order's (of another charge or amount, for one named as made under another key). Nothing is
 * recorded; the person looks again at the provider's records.
 */
class RefundNotConfirmedException extends RuntimeException {

	RefundNotConfirmedException(UUID orderId, String refundReference, boolean underAnotherKey) {
		super("The payment provider made no refund %s of order %s's charge%s and amount".formatted(refundReference,
				orderId, underAnotherKey ? "" : ", key"));
	}
}
