package io.securecart.payment.gateway;

import io.securecart.contracts.Money;

/**
 * A card payment provider, as payment-service needs it. Both calls take an idempotency key, like real gateways do:
 * a call repeated with the same key (a retry after a timeout, a redelivered message) returns the first call's result
 * and never charges or refunds twice. SecureCart uses the order id.
 */
public interface PaymentGateway {

	/**
	 * Charges {@code amount} to the card behind {@code paymentToken}.
	 * @return the charge, or the provider's reason for declining it; a decline is an answer, not an error
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 */
	Authorization authorize(String idempotencyKey, String paymentToken, Money amount);

	/**
	 * Gives back a charge this gateway made.
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 */
	RefundReceipt refund(String idempotencyKey, String chargeReference, Money amount);

	/**
	 * Asks the provider whether it answers, charging and refunding nothing (a real provider: a cheap read, such as its
	 * balance). What the circuit breaker probes a failing gateway with, so that no order spends a delivery on it.
	 * @throws GatewayUnavailableException when the provider could not answer
	 */
	void probe();

}
