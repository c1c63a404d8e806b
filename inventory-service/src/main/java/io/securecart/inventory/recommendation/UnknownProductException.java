package io.securecart.inventory.recommendation;

/** Recommendations asked for a SKU the catalog does not have. */
class UnknownProductException extends RuntimeException {

	private final String sku;

	UnknownProductException(String sku) {
		super("No product has SKU '" + sku + "'");
		this.sku = sku;
	}

	String sku() {
		return sku;
	}
}
