package io.securecart.checkout.catalog;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where inventory's catalog API is, and how many catalog lookups checkout remembers to fall back on. Timeouts,
 * retries and the circuit breaker are resilience4j's {@code catalog} instances in {@code application.yml}.
 *
 * @param baseUrl the inventory service, e.g. {@code http://localhost:8084}
 * @param rememberedProducts how many SKUs' last catalog answers are kept, least recently used evicted first
 * @param rememberedFor how long after inventory read it from its database (received, less its {@code Age}) a
 * remembered answer may still price an order when the catalog cannot answer: a product last priced longer ago is
 * refused (503) from the start of an outage. Inventory reads products on its replica, which may be behind the
 * primary by up to its {@code max-lag} (30 s): a price can be charged that long past this after it changed
 */
@Validated
@ConfigurationProperties("securecart.checkout.catalog")
public record CatalogProperties(@NotNull URI baseUrl, @DefaultValue("1000") @Positive int rememberedProducts,
		@DefaultValue("10m") @NotNull Duration rememberedFor) {

	public CatalogProperties {
		if (rememberedFor != null && (rememberedFor.isNegative() || rememberedFor.isZero())) {
			throw new IllegalArgumentException(
					"securecart.checkout.catalog.remembered-for must be positive, not " + rememberedFor);
		}
	}
}
