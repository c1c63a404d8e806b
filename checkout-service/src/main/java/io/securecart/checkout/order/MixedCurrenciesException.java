package io.securecart.checkout.order;

import java.util.List;

/** The catalog prices the items in more than one currency, and an order is totalled and paid in one. */
public class MixedCurrenciesException extends RuntimeException {

	MixedCurrenciesException(List<String> currencies) {
		super("the items are priced in " + String.join(", ", currencies) + "; an order is paid in one currency");
	}
}
