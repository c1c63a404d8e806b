package io.securecart.payment.gateway;

/** The gateway's answer to a charge: approved with a charge reference, or declined with the provider's reason. */
public sealed interface Authorization {

	/** @param chargeReference the provider's id of the charge, needed to refund it */
	record Approved(String chargeReference) implements Authorization {
	}

	/** @param reason the provider's decline code, e.g. {@code card_declined}; never card data */
	record Declined(String reason) implements Authorization {
	}
}
