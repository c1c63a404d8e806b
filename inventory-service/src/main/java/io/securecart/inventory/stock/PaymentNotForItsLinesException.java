package io.securecart.inventory.stock;

import io.securecart.contracts.Money;
import io.securecart.contracts.events.PaymentAuthorized;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PaymentAuthorized} whose amount is not what its lines cost: it cannot be processed, so its message fails
 * (and ends in the DLQ) rather than being acknowledged or answered as a stock refusal. Names the order and the
 * payment, not the customer.
 */
class PaymentNotForItsLinesException extends IllegalArgumentException {

	PaymentNotForItsLinesException(PaymentAuthorized payment, @Nullable Money linesTotal) {
		super("Payment %s for order %s authorises %s, its lines cost %s".formatted(payment.paymentId(),
				payment.orderId(), payment.amount(), linesTotal == null ? "nothing (no lines)" : linesTotal));
	}
}
