package io.securecart.contracts.activity;

import java.time.Instant;
import java.util.UUID;

/** A signed-in customer looked at a product's page. */
public record ProductViewed(UUID activityId, String customerId, String sku, Instant occurredAt)
		implements CustomerActivity {

	public static ProductViewed now(String customerId, String sku, Instant at) {
		return new ProductViewed(UUID.randomUUID(), customerId, sku, at);
	}
}
