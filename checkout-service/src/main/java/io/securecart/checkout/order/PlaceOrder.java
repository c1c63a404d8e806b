package io.securecart.checkout.order;

import java.util.List;

import io.securecart.contracts.OrderLine;

/**
 * A priced order, ready to be placed.
 *
 * @param idempotencyKey the client's {@code Idempotency-Key}
 * @param requestFingerprint {@link PlaceOrderRequest#fingerprint(String)}
 * @param customerId who orders
 * @param lines what, at the catalog's prices
 * @param paymentToken passed on to payment in {@code OrderPlaced}, never stored by checkout
 * @param fromCart the cart lines it is placed from, recorded with its lines; none for {@code POST /api/orders}
 */
record PlaceOrder(String idempotencyKey, String requestFingerprint, String customerId, List<OrderLine> lines,
		PaymentToken paymentToken, List<OrderedCartLine> fromCart) {
}
