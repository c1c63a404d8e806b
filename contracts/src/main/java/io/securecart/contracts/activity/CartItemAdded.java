package io.securecart.contracts.activity;

import java.time.Instant;
import java.util.UUID;

/** A signed-in customer put a product in their cart. */
public record CartItemAdded(UUID activityId, String customerId, String sku, int quantity, Instant occurredAt)
		implements CustomerActivity {

	public static CartItemAdded now(String customerId, String sku, int quantity, Instant at) {
		return new CartItemAdded(UUID.randomUUID(), customerId, sku, quantity, at);
	}
}
