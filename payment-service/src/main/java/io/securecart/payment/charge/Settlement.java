package io.securecart.payment.charge;

import io.securecart.payment.gateway.Authorization;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What the provider's records say became of the key of a charge set aside for reconciliation: it charged (and the
 * charge's reference, as the provider shows it), or it made no charge.
 *
 * @param charged whether the provider made a charge with the order's key
 * @param chargeReference the provider's reference of that charge, which a refund names; only when charged
 */
record Settlement(@NotNull Boolean charged,
		@Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain blanks") String chargeReference) {

	/** The decline reason of an order the provider never charged: checkout cancels it, and the customer is told. */
	static final String NOT_CHARGED = "not_charged";

	@AssertTrue(message = "a charge needs its chargeReference, and no charge has none")
	boolean isReferenceGivenExactlyForACharge() {
		return charged == null || charged == (chargeReference != null);
	}

	/** As the gateway would have answered, had it been asked in time. */
	Authorization asAnswer() {
		return charged ? new Authorization.Approved(chargeReference) : new Authorization.Declined(NOT_CHARGED);
	}
}
