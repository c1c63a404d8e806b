package io.securecart.contracts;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class HighValueOrdersTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void readsTheThresholdFromTheDeclaredRule() {
		assertThat(HighValueOrders.threshold()).isEqualTo(Money.of("1000.00"));
	}

	@Test
	void anOrderIsHighValueFromTheThresholdUp() {
		assertThat(HighValueOrders.isHighValue(Money.of("999.99"))).isFalse();
		assertThat(HighValueOrders.isHighValue(Money.of("1000.00"))).isTrue();
		assertThat(HighValueOrders.isHighValue(Money.of("2500.00"))).isTrue();
		assertThat(HighValueOrders.isHighValue(new Money(new java.math.BigDecimal("5000"), "EUR"))).isFalse();
	}

	@Test
	void readsWhateverNumberTheRuleDeclares() {
		assertThat(HighValueOrders.thresholdIn(JSON.readTree(topologyWith("[\">=\", 250.5]"))))
			.isEqualTo(Money.of("250.50"));
	}

	@Test
	void refusesARuleWhosePatternIsNotAThreshold() {
		assertThatIllegalStateException()
			.isThrownBy(() -> HighValueOrders.thresholdIn(JSON.readTree(topologyWith("[\">\", 1000]"))))
			.withMessageContaining("high-value-orders");
		assertThatIllegalStateException()
			.isThrownBy(() -> HighValueOrders.thresholdIn(JSON.readTree(topologyWith("[\">=\", \"1000\"]"))));
		assertThatIllegalStateException().isThrownBy(() -> HighValueOrders.thresholdIn(JSON.readTree("{}")));
	}

	private static String topologyWith(String numeric) {
		return """
				{"eventBuses": [{"name": "securecart", "rules": [{"name": "high-value-orders", "eventPattern":
				  {"detail": {"total": {"currency": ["USD"], "amount": [{"numeric": %s}]}}}}]}]}
				""".formatted(numeric);
	}
}
