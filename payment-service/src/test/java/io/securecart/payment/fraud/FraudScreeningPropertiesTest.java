package io.securecart.payment.fraud;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FraudScreeningPropertiesTest {

	@Test
	void aScreeningConcurrencyThatWouldLetNoOrderThroughFailsStartup() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FraudScreeningProperties(Duration.ofMinutes(30), Duration.ofHours(1),
					List.of("tok_stolen"), 0))
			.withMessageContaining("screening-concurrency must be at least 1");
	}
}
