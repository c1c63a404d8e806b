package io.securecart.inventory.catalog;

import java.math.BigDecimal;

import io.securecart.inventory.stock.Product;

/** A product as the catalog API shows it. {@code availableStock} is what a new order can still have. */
record ProductView(String sku, String name, String description, BigDecimal price, String currency,
		int availableStock) {

	static ProductView of(Product product) {
		return new ProductView(product.getSku(), product.getName(), product.getDescription(),
				product.getPrice().amount(), product.getPrice().currency(), product.availableStock());
	}
}
