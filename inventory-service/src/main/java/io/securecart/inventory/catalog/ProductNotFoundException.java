package io.securecart.inventory.catalog;

import org.jspecify.annotations.Nullable;

/** No product has the SKU asked for (on the server that was asked: see {@link #read()}). */
class ProductNotFoundException extends RuntimeException {

	private final String sku;

	private final @Nullable CatalogRead<?> read;

	ProductNotFoundException(String sku) {
		this(sku, null);
	}

	/** @param read the read that did not find it: a replica may not have the product yet */
	ProductNotFoundException(String sku, @Nullable CatalogRead<?> read) {
		super("No product has SKU '" + sku + "'");
		this.sku = sku;
		this.read = read;
	}

	String sku() {
		return sku;
	}

	@Nullable CatalogRead<?> read() {
		return read;
	}
}
