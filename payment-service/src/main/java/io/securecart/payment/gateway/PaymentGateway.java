package io.securecart.payment.gateway;

import io.securecart.contracts.Money;

/**
 * A card payment provider, as payment-service needs it. Both calls take an idempotency key, like real gateways do:
 * a call repeated with the same key and parameters (a retry after a timeout, a redelivered message) returns the first
 * call's result and never charges or refunds twice. A provider keeps one key space per account, for every operation:
 * a key already used for another operation, or with other parameters, is refused
 * ({@link IdempotencyKeyReusedException}), never answered with the other call's result. So each operation on an
 * order has a key of its own: SecureCart charges with the order id ({@code Payments}) and refunds with
 * {@code refund:} and the order id ({@code Refunds}). A provider keeps a key for 24 hours (Stripe's figure); a call
 * repeated after that is a new call, so {@code Payments} asks no more with a key older than its {@code key-window}
 * (ADR 42).
 */
public interface PaymentGateway {

	/**
	 * Charges {@code amount} to the card behind {@code paymentToken}.
	 * @return the charge, or the provider's reason for declining it; a decline is an answer, not an error
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 * @throws IdempotencyKeyReusedException when the key was used for another call
	 */
	Authorization authorize(String idempotencyKey, String paymentToken, Money amount);

	/**
	 * Gives back {@code amount} of the charge {@code chargeReference} names, which the provider recognises by that
	 * reference, whatever key charged it.
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 * @throws IdempotencyKeyReusedException when the key was used for another call (our bug: refused for good too)
	 * @throws RefundRefusedException when the provider refuses it for good: it made no such charge, or the charge has
	 * less left to give back (a refund made already under a key it has forgotten); asked again, it is refused again
	 */
	RefundReceipt refund(String idempotencyKey, String chargeReference, Money amount);

	/**
	 * Whether the provider made the charge {@code chargeReference} names, with {@code idempotencyKey}, of
	 * {@code amount}: a reference a person copied from the provider's records to settle a charge set aside for
	 * reconciliation (ADR 42) is confirmed, not taken on trust. Charges and refunds nothing. A real provider's adapter
	 * retrieves the charge by its reference (Stripe: {@code GET /v1/charges/{id}}) and compares its amount, currency
	 * and status, and the order it was made for (its metadata, which the adapter's charges carry): providers offer no
	 * lookup by idempotency key.
	 * @return {@code false} when the provider made no such charge, or made it with another key or amount
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 */
	boolean madeCharge(String chargeReference, String idempotencyKey, Money amount);

	/**
	 * Whether the provider made the refund {@code refundReference} names, with {@code idempotencyKey}, of
	 * {@code amount} of the charge {@code chargeReference}: a reference a person copied from the provider's records to
	 * settle a refund set aside for reconciliation (ADR 45) is confirmed, not taken on trust, as a charge's is
	 * ({@link #madeCharge}). Charges and refunds nothing. A real provider's adapter retrieves the refund by its
	 * reference (Stripe: {@code GET /v1/refunds/{id}}) and compares its charge, amount, currency and status, and the
	 * order it was made for (its metadata).
	 * @return {@code false} when the provider made no such refund, or made it of another charge, key or amount
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 */
	boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference, Money amount);

	/**
	 * Whether the provider made the refund {@code refundReference} names, of {@code amount} of the charge
	 * {@code chargeReference}, under whatever key: a refund a person made by hand at the provider (its dashboard, with
	 * a key SecureCart never chose), named to settle a refund set aside for reconciliation (ADR 45). As
	 * {@link #madeRefund}, but for the key, which such a refund does not have from us. A real provider's adapter
	 * retrieves the refund by its reference (Stripe: {@code GET /v1/refunds/{id}}) and compares its charge, amount,
	 * currency and status (succeeded).
	 * @return {@code false} when the provider made no such refund, or made it of another charge or amount
	 * @throws GatewayUnavailableException when the provider could not answer; worth retrying
	 */
	boolean madeRefundUnderAnyKey(String refundReference, String chargeReference, Money amount);

	/**
	 * Asks the provider whether it answers, charging and refunding nothing (a real provider: a cheap read, such as its
	 * balance). What the circuit breaker probes a failing gateway with, so that no order spends a delivery on it.
	 * @throws GatewayUnavailableException when the provider could not answer
	 */
	void probe();

}
