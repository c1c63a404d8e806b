package io.securecart.checkout.cart;

/**
 * The line was changed (or removed, or added) since the client read it: its expected version is not the stored one.
 * The client reads the cart again and retries with the new version; nobody's change is lost.
 */
class CartLineChangedException extends RuntimeException {

	private final String sku;

	CartLineChangedException(String sku) {
		super("the cart line " + sku + " was changed since you read it: read the cart again and retry");
		this.sku = sku;
	}

	String sku() {
		return sku;
	}
}
