package io.securecart.checkout.order;

import java.util.UUID;

/**
 * No such order. Its detail is word for word what another customer's order answers ({@code NotVisibleException}),
 * so that the answer does not tell a customer which ids exist.
 */
public class OrderNotFoundException extends RuntimeException {

	public OrderNotFoundException(UUID orderId) {
		super("Order " + orderId + " not found");
	}
}
