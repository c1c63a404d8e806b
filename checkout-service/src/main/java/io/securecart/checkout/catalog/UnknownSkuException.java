package io.securecart.checkout.catalog;

/** The catalog answered that it has no product with this SKU: the customer's mistake, not an outage. */
public class UnknownSkuException extends RuntimeException {

	private final String sku;

	public UnknownSkuException(String sku) {
		super("Unknown SKU: " + sku);
		this.sku = sku;
	}

	public String sku() {
		return sku;
	}
}
