package io.securecart.notification.customer;

/** What a notification tells the customer. */
public enum NotificationKind {

	/** The order left the warehouse; the message carries the tracking number. */
	ORDER_SHIPPED,

	/** The payment was declined, so the order was cancelled and nothing was charged. */
	PAYMENT_DECLINED,

	/** The order could not be fulfilled, so it was cancelled and the payment given back. */
	ORDER_CANCELLED_REFUNDED,

	/** Fraud screening did not clear the order, so it was cancelled before anything was charged. */
	ORDER_CANCELLED_NOT_CHARGED,

	/** A product the customer asked about is available again (no order: {@code orderId} is empty). */
	BACK_IN_STOCK

}
