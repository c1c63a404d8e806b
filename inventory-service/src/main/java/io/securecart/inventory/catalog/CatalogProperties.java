package io.securecart.inventory.catalog;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param readYourWritesWait how long a read that carries a {@code Consistency-Token} waits for the replica to replay
 * that position before it reads from the primary instead
 * @param cache the product cache shared by every instance (Redis)
 */
@ConfigurationProperties("securecart.inventory.catalog")
@Validated
record CatalogProperties(@DefaultValue("200ms") @NotNull Duration readYourWritesWait,
		@DefaultValue @Valid @NotNull Cache cache) {

	/**
	 * @param timeToLive how long a product lookup stays in the cache after it was read from the database: with the
	 * replica's lag, the bound on how stale a cached answer can be (ADR 13)
	 */
	record Cache(@DefaultValue("5s") @NotNull Duration timeToLive) {
	}
}
