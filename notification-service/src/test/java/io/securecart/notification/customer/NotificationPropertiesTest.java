package io.securecart.notification.customer;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationPropertiesTest {

	@Test
	void aClaimOutlastsTheWaitForTheChannel() {
		var properties = new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 4);

		assertThat(properties.claimFor()).isEqualTo(Duration.ofSeconds(20)).isGreaterThan(properties.sendTimeout());
	}

	@Test
	void refusesASendTimeoutThatIsNotPositive() {
		assertThatThrownBy(() -> new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ZERO, 4))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("send-timeout");
	}

	@Test
	void refusesFewerThanOneSender() {
		assertThatThrownBy(() -> new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("senders");
	}
}
