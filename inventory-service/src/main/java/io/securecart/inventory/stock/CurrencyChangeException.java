package io.securecart.inventory.stock;

/**
 * A new price in another currency than the product's. An order is priced in one currency, and the high-value rule that
 * sends orders to fraud screening is written in the catalog's: a product repriced into another currency could not be
 * ordered with the rest of the catalog, and would be paid for without screening.
 */
public class CurrencyChangeException extends RuntimeException {

	private final String sku;

	private final String currency;

	public CurrencyChangeException(String sku, String currency, String requested) {
		super("%s is priced in %s: a new price keeps that currency, not %s".formatted(sku, currency, requested));
		this.sku = sku;
		this.currency = currency;
	}

	public String sku() {
		return sku;
	}

	public String currency() {
		return currency;
	}
}
