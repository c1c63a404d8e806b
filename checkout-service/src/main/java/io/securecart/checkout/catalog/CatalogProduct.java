package io.securecart.checkout.catalog;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.securecart.contracts.Money;

/**
 * A product as inventory's catalog API describes it ({@code GET /api/catalog/products/{sku}}). Checkout reads only
 * what it prices with and ignores the rest, so the catalog can grow without breaking it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogProduct(String sku, String name, BigDecimal price, String currency) {

	/**
	 * What a SKU a client sends may look like: one path segment of the catalog's URL, never {@code .} or {@code ..}
	 * and nothing that needs escaping, which inventory's firewall would refuse.
	 */
	public static final String SKU_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	public Money unitPrice() {
		return new Money(price, currency);
	}
}
