package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * A notification's claim (ADR 36): while one sender holds it, nobody else sends it; once the claim runs out (its
 * sender stopped, or is stuck), the sweep claims it again and sends it, and the first sender's outcome, saved late, is
 * refused on its version, so the send is recorded once. A send waits 2 s for the channel here, so a claim lasts 4 s;
 * the sweep runs every second. The same context as {@code NotificationServiceIT} (hence MockMvc, unused here).
 */
@AutoConfigureMockMvc
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"securecart.notification.resend-interval=1s", "securecart.notification.resend-batch=2",
		"securecart.notification.send-timeout=2s", "securecart.metrics.sample-interval=1s" })
class NotificationClaimIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	NotificationDelivery delivery;

	@Autowired
	NotificationRepository notifications;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@MockitoSpyBean
	NotificationChannel channel;

	@Test
	void aSendWhoseClaimRanOutAndWasTakenAgainByTheSweepIsRecordedOnce() {
		Notification recorded = notifications.save(Notification.about(new PaymentDeclined(UUID.randomUUID(),
				UUID.randomUUID(), "customer-" + UUID.randomUUID(), "expired", clock.instant()), clock.instant()));

		// A sender claims it, and stops (or hangs) before it saves what the channel did.
		Notification claimed = delivery.claim(recorded.getId()).orElseThrow();
		assertThat(delivery.claim(recorded.getId())).as("claimed by another sender").isEmpty();

		await("sent by the sweep once the claim ran out").atMost(TIMEOUT).until(() -> sentAt(recorded) != null);
		Instant sentBySweep = sentAt(recorded);
		assertThat(sentBySweep).isAfterOrEqualTo(claimed.getClaimedUntil());

		assertThat(delivery.sent(claimed)).as("the late sender's save").isFalse();
		assertThat(sentAt(recorded)).isEqualTo(sentBySweep);
		verify(channel, times(1)).send(argThat(notification -> notification.getId().equals(recorded.getId())));
	}

	private Instant sentAt(Notification notification) {
		return jdbc.sql("select sent_at from notification where id = :id")
			.param("id", notification.getId())
			.query(Instant.class)
			.list()
			.getFirst();
	}
}
