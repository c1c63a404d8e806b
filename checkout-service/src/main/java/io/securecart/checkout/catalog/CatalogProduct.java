package io.securecart.checkout.catalog;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

/**
 * A product as inventory's catalog API describes it ({@code GET /api/catalog/products/{sku}}). Checkout reads only
 * what it prices with and ignores the rest, so the catalog can grow without breaking it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogProduct(String sku, String name, BigDecimal price, String currency) {

	/** What a SKU a client sends may look like ({@link OrderLine#SKU_PATTERN}). */
	public static final String SKU_PATTERN = OrderLine.SKU_PATTERN;

	public Money unitPrice() {
		return new Money(price, currency);
	}
}
