package io.securecart.payment.gateway;

/** @param refundReference the provider's id of the refund */
public record RefundReceipt(String refundReference) {
}
