package io.securecart.contracts;

/** One line of an order as it travels between services: what, how many, and at which price it was sold. */
public record OrderLine(String sku, int quantity, Money unitPrice) {

	/**
	 * What a SKU a client sends may look like, in every service that takes one: one path segment of the catalog's URL,
	 * never {@code .} or {@code ..} and nothing that needs escaping, which inventory's firewall would refuse.
	 */
	public static final String SKU_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	public Money lineTotal() {
		return unitPrice.times(quantity);
	}
}
