package io.securecart.checkout.order;

/** Why an order ended without being shipped. */
public enum CancellationReason {

	/** The payment provider declined the payment. */
	PAYMENT_DECLINED,

	/** Inventory could not reserve the goods; the payment, if taken, is refunded. */
	OUT_OF_STOCK,

	/** The fulfillment workflow gave up (an item damaged, a step timed out); stock is released, the payment refunded. */
	FULFILLMENT_FAILED

}
