package io.securecart.inventory.catalog;

/**
 * A stock count that does not say which version of the product it was counted against ({@code If-Match}): applied
 * as it came, it could overwrite a shipment that committed after the count was taken. A 428 (RFC 6585).
 */
class PreconditionRequiredException extends RuntimeException {

	private final String sku;

	PreconditionRequiredException(String sku, String what) {
		super("A stock count of " + sku + " must name the version it was counted against: " + what);
		this.sku = sku;
	}

	String sku() {
		return sku;
	}
}
