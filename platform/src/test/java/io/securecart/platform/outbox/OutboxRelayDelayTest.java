package io.securecart.platform.outbox;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery delay a row due later is sent with: whole seconds, never early, never beyond what SQS allows. */
class OutboxRelayDelayTest {

	private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");

	@Test
	void roundsUpSoThatAMessageNeverArrivesBeforeItIsDue() {
		assertThat(OutboxRelay.delaySeconds(NOW.plusSeconds(20), NOW)).isEqualTo(20);
		assertThat(OutboxRelay.delaySeconds(NOW.plusMillis(1500), NOW)).isEqualTo(2);
		assertThat(OutboxRelay.delaySeconds(NOW.plusNanos(1), NOW)).isEqualTo(1);
	}

	@Test
	void aMessageDueLaterThanSqsAllowsIsSentForItsLongestDelayAndOneDueAlreadyAtOnce() {
		assertThat(OutboxRelay.delaySeconds(NOW.plus(Duration.ofMinutes(30)), NOW)).isEqualTo(900);
		assertThat(OutboxRelay.delaySeconds(NOW, NOW)).isZero();
		assertThat(OutboxRelay.delaySeconds(NOW.minusSeconds(5), NOW)).isZero();
	}
}
