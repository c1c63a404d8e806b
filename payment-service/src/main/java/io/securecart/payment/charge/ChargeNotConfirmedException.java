package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The provider does not confirm the charge a settlement names: no such charge, or one made with another key or
 * amount than the order's. Nothing is recorded; the person looks again at the provider's records.
 */
class ChargeNotConfirmedException extends RuntimeException {

	ChargeNotConfirmedException(UUID orderId, String chargeReference) {
		super("The payment provider made no charge %s for order %s's key and amount".formatted(chargeReference,
				orderId));
	}
}
