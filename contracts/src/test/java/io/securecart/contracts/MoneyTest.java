package io.securecart.contracts;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

	@Test
	void addsAndMultipliesExactly() {
		Money total = Money.of("0.10").times(3).plus(Money.of("0.20"));

		assertThat(total).isEqualTo(Money.of("0.50"));
	}

	@Test
	void normalisesToTwoDecimalPlaces() {
		assertThat(new Money(new BigDecimal("5"), "USD").amount()).isEqualByComparingTo("5.00")
			.hasToString("5.00");
	}

	@Test
	void refusesFractionsOfACent() {
		assertThatThrownBy(() -> Money.of("1.005")).isInstanceOf(ArithmeticException.class);
	}

	@Test
	void refusesToMixCurrencies() {
		assertThatThrownBy(() -> Money.of("1.00").plus(new Money(BigDecimal.ONE, "EUR")))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
