package io.securecart.console.shop;

import java.math.BigDecimal;

/** A product as the catalog API shows it. */
record Product(String sku, String name, String description, BigDecimal price, String currency, int availableStock) {

	public boolean inStock() {
		return availableStock > 0;
	}
}
