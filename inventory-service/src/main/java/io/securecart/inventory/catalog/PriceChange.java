package io.securecart.inventory.catalog;

import java.math.BigDecimal;

import io.securecart.contracts.Money;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * {@code PUT /api/catalog/products/{sku}/price}: the product's new price.
 *
 * @param price positive, at most two decimals (what {@code numeric(12,2)} holds)
 * @param currency ISO 4217 code, e.g. {@code USD}
 */
record PriceChange(@NotNull @Positive @Digits(integer = 10, fraction = 2) BigDecimal price,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency) {

	Money toMoney() {
		return new Money(price, currency);
	}
}
