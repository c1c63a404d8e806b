package io.securecart.platform.outbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxPropertiesTest {

	private final OutboxProperties properties = new OutboxProperties(true, Duration.ofMillis(100), 50,
			Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10), 5);

	@Test
	void doublesTheBackoffPerAttemptUpToTheCap() {
		assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(4));
		assertThat(properties.backoffAfter(7)).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.backoffAfter(500)).isEqualTo(Duration.ofSeconds(30));
	}
}
