package io.securecart.payment.charge;

import java.util.UUID;

/**
 * The order's charge is set aside for reconciliation (ADR 42): its key may be forgotten by the provider, so asking
 * again could charge the card twice. Nothing is asked; a person settles it, and the order is decided then.
 */
class ChargeAwaitsReconciliationException extends RuntimeException {

	ChargeAwaitsReconciliationException(UUID orderId) {
		super("The charge of order %s is set aside for reconciliation; it is decided once settled".formatted(orderId));
	}
}
