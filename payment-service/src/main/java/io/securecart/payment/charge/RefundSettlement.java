package io.securecart.payment.charge;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What the provider's records say became of a refund set aside for reconciliation: it refunded (and the refund's
 * reference, as the provider shows it), or it never refunded and will not (the charge was never captured, say).
 *
 * @param refunded whether the provider gave the order's money back
 * @param refundReference the provider's reference of that refund; only when refunded
 */
record RefundSettlement(@NotNull Boolean refunded,
		@Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain blanks") String refundReference) {

	@AssertTrue(message = "a refund needs its refundReference, and no refund has none")
	boolean isReferenceGivenExactlyForARefund() {
		return refunded == null || refunded == (refundReference != null);
	}
}
