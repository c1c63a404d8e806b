package io.securecart.inventory.catalog;

/** No product has the SKU asked for. */
class ProductNotFoundException extends RuntimeException {

	private final String sku;

	ProductNotFoundException(String sku) {
		super("No product has SKU '" + sku + "'");
		this.sku = sku;
	}

	String sku() {
		return sku;
	}
}
