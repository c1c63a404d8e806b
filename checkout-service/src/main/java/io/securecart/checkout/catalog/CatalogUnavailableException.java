package io.securecart.checkout.catalog;

/** The catalog could not price a SKU, even after retries, and no earlier price for it is remembered. */
public class CatalogUnavailableException extends RuntimeException {

	public CatalogUnavailableException(String sku, Throwable cause) {
		super("Catalog unavailable and no price remembered for SKU " + sku, cause);
	}
}
