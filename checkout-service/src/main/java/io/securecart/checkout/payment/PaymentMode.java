package io.securecart.checkout.payment;

/** How checkout asks for payment ({@code securecart.checkout.payment-mode}); see docs/coupled-baseline.md. */
public enum PaymentMode {

	/** {@code OrderPlaced} to {@code orders.fifo} through the outbox; the customer does not wait for payment. */
	DECOUPLED,

	/** The teaching baseline: a synchronous HTTP call to payment-service while the customer waits. */
	COUPLED

}
