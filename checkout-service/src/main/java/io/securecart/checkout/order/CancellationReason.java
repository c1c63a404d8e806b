package io.securecart.checkout.order;

/** Why an order ended without being shipped. */
public enum CancellationReason {

	/** The payment provider declined the payment. */
	PAYMENT_DECLINED,

	/** Inventory could not reserve the goods; the payment, if taken, is refunded. */
	OUT_OF_STOCK,

	/** Fraud screening failed the order, a reviewer rejected it, or nobody reviewed it in time; nothing was charged. */
	FRAUD_SUSPECTED,

	/** The amount authorised was not the order's total; the payment is refunded. */
	PAYMENT_MISMATCH,

	/** The fulfillment workflow gave up (an item damaged, a step timed out); stock is released, the payment refunded. */
	FULFILLMENT_FAILED,

	/**
	 * The coupled mode: payment-service refused for good to take the order's payment request (a 4xx other than its
	 * 409s), so nothing was asked of the gateway; the customer was answered 502 {@code payment-request-refused}.
	 */
	PAYMENT_REQUEST_REFUSED;

	/**
	 * Whether the event that cancelled the order for this reason makes payment refund whatever it charged for it
	 * ({@code StockRejected}, {@code PaymentRejected}, {@code FulfillmentFailed}), so that a payment heard of after
	 * it needs nothing more. A decline or a failed screening charges nothing and refunds nothing: a payment after
	 * them is rejected (ADR 44, amended 2026-12-06), as is one after a payment request payment-service refused: it
	 * charged nothing, and the customer was told so (ADR 42, amended 2026-12-06).
	 */
	public boolean refundsThePayment() {
		return switch (this) {
			case OUT_OF_STOCK, PAYMENT_MISMATCH, FULFILLMENT_FAILED -> true;
			case PAYMENT_DECLINED, FRAUD_SUSPECTED, PAYMENT_REQUEST_REFUSED -> false;
		};
	}
}
