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
	FULFILLMENT_FAILED

}
