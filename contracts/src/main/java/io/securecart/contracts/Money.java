package io.securecart.contracts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount in a currency. Always a {@link BigDecimal} with the currency's two decimal places: money is never a
 * floating-point number anywhere in SecureCart.
 */
public record Money(BigDecimal amount, String currency) {

	public static final String DEFAULT_CURRENCY = "USD";

	public Money {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		amount = amount.setScale(2, RoundingMode.UNNECESSARY);
	}

	public static Money of(String amount) {
		return new Money(new BigDecimal(amount), DEFAULT_CURRENCY);
	}

	public Money plus(Money other) {
		requireSameCurrency(other);
		return new Money(amount.add(other.amount), currency);
	}

	public Money times(int quantity) {
		return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
	}

	public boolean isGreaterThanOrEqualTo(Money other) {
		requireSameCurrency(other);
		return amount.compareTo(other.amount) >= 0;
	}

	private void requireSameCurrency(Money other) {
		if (!currency.equals(other.currency)) {
			throw new IllegalArgumentException("Cannot combine " + currency + " with " + other.currency);
		}
	}

	@Override
	public String toString() {
		return amount.toPlainString() + " " + currency;
	}
}
