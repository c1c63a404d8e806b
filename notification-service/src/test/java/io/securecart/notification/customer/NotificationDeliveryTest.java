package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.events.PaymentDeclined;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** What the sender does with a channel that hangs, with the database played by a mock. */
class NotificationDeliveryTest {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	private final NotificationRepository notifications = mock();

	private final CountDownLatch providerRecovers = new CountDownLatch(1);

	private final AtomicInteger calls = new AtomicInteger();

	/** Hangs until the provider recovers, and does not stop when interrupted, as a blocked socket may not. */
	private final NotificationChannel hangingChannel = notification -> {
		calls.incrementAndGet();
		boolean recovered = false;
		while (!recovered) {
			try {
				providerRecovers.await();
				recovered = true;
			}
			catch (InterruptedException ignored) {
				// what a channel that ignores interrupts does
			}
		}
	};

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final NotificationDelivery delivery = new NotificationDelivery(notifications, hangingChannel,
			mock(PlatformTransactionManager.class),
			new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofMillis(100), 2),
			Clock.fixed(NOW, ZoneOffset.UTC), meters);

	private final Notification declined = Notification.about(new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(),
			"alice", "card_declined", NOW.minusSeconds(60)), NOW.minusSeconds(60));

	@AfterEach
	void stop() {
		providerRecovers.countDown();
		delivery.stop();
	}

	@Test
	void aNotificationWhoseChannelCallHasNotReturnedIsNotCalledAgainUntilItHas() {
		given(notifications.findUnsentNotTriedSince(any(), any(), anyInt())).willReturn(List.of(declined.getId()));
		given(notifications.lockUnclaimed(eq(declined.getId()), any())).willReturn(Optional.of(declined));
		given(notifications.save(any(Notification.class))).willAnswer(saved -> saved.getArgument(0));

		delivery.sendUnsent();
		delivery.sendUnsent();
		delivery.sendUnsent();

		assertThat(calls).as("calls to the channel while the first hangs").hasValue(1);
		assertThat(declined.isSent()).isFalse();
		assertThat(abandonedCalls()).as("the hung call, counted").isEqualTo(1);

		providerRecovers.countDown();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			delivery.sendUnsent();
			assertThat(declined.isSent()).isTrue();
		});
		assertThat(calls).as("sent again once the hung call returned: at least once").hasValue(2);
		assertThat(abandonedCalls()).as("none left once it returned").isZero();
	}

	@Test
	void aCallThatAnswersInTimeIsNeverCountedAsAbandoned() {
		SimpleMeterRegistry promptMeters = new SimpleMeterRegistry();
		NotificationDelivery prompt = new NotificationDelivery(notifications, notification -> calls.incrementAndGet(),
				mock(PlatformTransactionManager.class),
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 2),
				Clock.fixed(NOW, ZoneOffset.UTC), promptMeters);
		given(notifications.findUnsentNotTriedSince(any(), any(), anyInt())).willReturn(List.of(declined.getId()));
		given(notifications.lockUnclaimed(eq(declined.getId()), any())).willReturn(Optional.of(declined));
		given(notifications.save(any(Notification.class))).willAnswer(saved -> saved.getArgument(0));
		try {
			prompt.sendUnsent();

			assertThat(declined.isSent()).isTrue();
			assertThat(promptMeters.get(NotificationDelivery.ABANDONED_CALLS).gauge().value()).isZero();
		}
		finally {
			prompt.stop();
		}
	}

	private double abandonedCalls() {
		return meters.get(NotificationDelivery.ABANDONED_CALLS).gauge().value();
	}
}
