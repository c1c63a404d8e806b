package io.securecart.fulfillment.warehouse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated warehouse.
 *
 * @param transientFailureRate share of warehouse calls that fail, from 0 (none, the default) to 1 (all): chaos for
 * demos and tests of the retry path
 */
@ConfigurationProperties("securecart.fulfillment.warehouse")
record WarehouseProperties(@DefaultValue("0") double transientFailureRate) {

	WarehouseProperties {
		if (transientFailureRate < 0 || transientFailureRate > 1) {
			throw new IllegalArgumentException(
					"securecart.fulfillment.warehouse.transient-failure-rate must be between 0 and 1, not "
							+ transientFailureRate);
		}
	}
}
