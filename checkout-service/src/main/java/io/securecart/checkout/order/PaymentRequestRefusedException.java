package io.securecart.checkout.order;

import java.util.UUID;

/**
 * Payment-service refused for good to take an order's payment request (the coupled mode): its problem type says the
 * order itself is refused, which the same request sent again cannot change, unlike {@link PaymentUnavailableException}.
 * Nothing was charged by it; the order is cancelled ({@link CancellationReason#PAYMENT_REQUEST_REFUSED}) and the
 * customer answered 502 {@code payment-request-refused}, without Retry-After: the first time, and every time the same
 * request is sent again.
 */
public class PaymentRequestRefusedException extends RuntimeException {

	private final UUID orderId;

	private final int status;

	public PaymentRequestRefusedException(UUID orderId, int status) {
		super("payment-service refused the payment request of order " + orderId + " (HTTP " + status + ")");
		this.orderId = orderId;
		this.status = status;
	}

	/** The same request again, for an order cancelled so before: the same answer. */
	static PaymentRequestRefusedException replayed(UUID orderId) {
		return new PaymentRequestRefusedException(orderId, 0, "order " + orderId
				+ " was cancelled because payment-service refused its payment request");
	}

	private PaymentRequestRefusedException(UUID orderId, int status, String message) {
		super(message);
		this.orderId = orderId;
		this.status = status;
	}

	UUID orderId() {
		return orderId;
	}

	/** What the order's timeline says of it. */
	String why() {
		return "payment-service refused its payment request (HTTP " + status + "); nothing was charged";
	}
}
