package io.securecart.contracts;

/** One line of an order as it travels between services: what, how many, and at which price it was sold. */
public record OrderLine(String sku, int quantity, Money unitPrice) {

	public Money lineTotal() {
		return unitPrice.times(quantity);
	}
}
