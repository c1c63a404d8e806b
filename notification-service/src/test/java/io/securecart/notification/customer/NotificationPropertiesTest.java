package io.securecart.notification.customer;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationPropertiesTest {

	@Test
	void aClaimOutlastsTheWaitForTheChannel() {
		var properties = new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 4, 7);

		assertThat(properties.claimFor()).isEqualTo(Duration.ofSeconds(20)).isGreaterThan(properties.sendTimeout());
	}

	@Test
	void refusesASendTimeoutThatIsNotPositive() {
		assertThatThrownBy(() -> new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ZERO, 4, 7))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("send-timeout");
	}

	@Test
	void refusesFewerThanOneSender() {
		assertThatThrownBy(() -> new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 0, 7))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("senders");
	}

	@Test
	void aRoundOfTheSweepMakesWhatTheRateAllowsInOneInterval() {
		assertThat(new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 4, 7)
			.sweepSendsPerRound()).isEqualTo(210);
		assertThat(new NotificationProperties(Duration.ofSeconds(1), 100, Duration.ofSeconds(10), 4, 0.5)
			.sweepSendsPerRound()).as("at least one").isOne();
	}

	@Test
	void aFailedNoticeWaitsTwiceAsLongAfterEachFailureAnHourAtMost() {
		var properties = new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 4, 7);

		// Beyond the resend-interval: the waits are 30 s, 60 s, 120 s, ... 3,600 s.
		assertThat(properties.backOffAfter(1)).isZero();
		assertThat(properties.backOffAfter(2)).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.backOffAfter(3)).isEqualTo(Duration.ofSeconds(90));
		assertThat(properties.backOffAfter(8)).isEqualTo(Duration.ofSeconds(3_570));
		assertThat(properties.backOffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(3_570));
		assertThat(new NotificationProperties(Duration.ofHours(2), 100, Duration.ofSeconds(10), 4, 7).backOffAfter(5))
			.as("a resend-interval longer than an hour: that interval").isZero();
	}

	@Test
	void aPageIsOneSendPerSenderAtMost() {
		assertThat(new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 4, 7)
			.sweepPageSize()).isEqualTo(4);
		assertThat(new NotificationProperties(Duration.ofSeconds(30), 2, Duration.ofSeconds(10), 4, 7)
			.sweepPageSize()).isEqualTo(2);
	}

	@Test
	void refusesASendRateThatIsNotPositive() {
		assertThatThrownBy(() -> new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(10), 4, 0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("sweep-sends-per-second");
	}
}
