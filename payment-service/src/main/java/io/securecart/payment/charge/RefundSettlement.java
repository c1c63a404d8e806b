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
 * @param underAnotherKey whether that refund was made under another key than the row's: by hand at the provider, say.
 * Then the provider is asked to confirm a refund of that reference of the charge and amount, whatever its key; absent
 * is {@code false}. Only with a refund.
 */
record RefundSettlement(@NotNull Boolean refunded,
		@Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain blanks") String refundReference,
		Boolean underAnotherKey) {

	@AssertTrue(message = "a refund needs its refundReference, and no refund has none")
	boolean isReferenceGivenExactlyForARefund() {
		return refunded == null || refunded == (refundReference != null);
	}

	@AssertTrue(message = "underAnotherKey names the key of a refund: only with refunded true")
	boolean isAnotherKeyOnlyForARefund() {
		return !madeUnderAnotherKey() || Boolean.TRUE.equals(refunded);
	}

	boolean madeUnderAnotherKey() {
		return Boolean.TRUE.equals(underAnotherKey);
	}
}
