package io.securecart.fulfillment.warehouse;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated warehouse's deterministic failure modes, for tests, demos and the lab.
 *
 * @param flakySkus a pick or pack of a shipment holding one of these SKUs fails as "warehouse unavailable" its first
 * {@code transientFailures} attempts: the workflow's Retry absorbs it
 * @param transientFailures how many attempts of each such step fail before one succeeds
 * @param damagedSkus packing a shipment holding one of these SKUs finds the item damaged, every time: the workflow
 * compensates
 * @param stepDuration how long each pick and pack takes; longer than the heartbeat interval shows heartbeats
 */
@ConfigurationProperties("securecart.fulfillment.warehouse")
record WarehouseProperties(@DefaultValue List<String> flakySkus, @DefaultValue("2") int transientFailures,
		@DefaultValue List<String> damagedSkus, @DefaultValue("0s") Duration stepDuration) {

	WarehouseProperties {
		if (transientFailures < 0) {
			throw new IllegalArgumentException(
					"securecart.fulfillment.warehouse.transient-failures must not be negative, was " + transientFailures);
		}
		flakySkus = List.copyOf(flakySkus);
		damagedSkus = List.copyOf(damagedSkus);
	}
}
