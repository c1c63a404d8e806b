package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.testsupport.MovableClock;
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
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** What the sender does with a channel that hangs, and how the sweep paces its rounds; the database is a mock. */
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
			new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofMillis(100), 2, 1_000),
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
		unsent(List.of(declined));

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
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 2, 1_000),
				Clock.fixed(NOW, ZoneOffset.UTC), promptMeters);
		unsent(List.of(declined));
		try {
			prompt.sendUnsent();

			assertThat(declined.isSent()).isTrue();
			assertThat(promptMeters.get(NotificationDelivery.ABANDONED_CALLS).gauge().value()).isZero();
		}
		finally {
			prompt.stop();
		}
	}

	@Test
	void aRoundTakesPageAfterPageWhileNotificationsAreDueAsFastAsTheRateAllows() {
		MovableClock movable = new MovableClock(NOW);
		AtomicInteger sent = new AtomicInteger();
		NotificationDelivery paced = new NotificationDelivery(notifications, notification -> sent.incrementAndGet(),
				mock(PlatformTransactionManager.class),
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 2, 10), movable,
				new SimpleMeterRegistry());
		List<Notification> due = IntStream.range(0, 50)
			.mapToObj(i -> Notification.about(new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "customer-" + i,
					"card_declined", NOW.minusSeconds(60)), NOW.minusSeconds(60)))
			.toList();
		unsent(due);
		try {
			paced.sendUnsent();

			// Pages of two (one per sender) until the second's worth of sends is spent; the clock stands still.
			assertThat(sent).as("sent in the first round").hasValue(10);
			verify(notifications, times(5)).claimUnsentNotTriedSince(any(), any(), any(), eq(2));

			movable.advance(Duration.ofSeconds(2));
			paced.sendUnsent();

			assertThat(sent).as("sent after an idle spell: one second's worth again, no more").hasValue(20);
			assertThat(due).filteredOn(Notification::isSent).hasSize(20);
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void aRoundEndsOnceItsIntervalHasPassedWhenTheChannelIsSlowerThanTheRate() {
		MovableClock movable = new MovableClock(NOW);
		AtomicInteger sent = new AtomicInteger();
		// Each send takes a tenth of a second, at a rate of a thousand a second: the interval runs out first.
		NotificationDelivery slow = new NotificationDelivery(notifications, notification -> {
			sent.incrementAndGet();
			movable.advance(Duration.ofMillis(100));
		}, mock(PlatformTransactionManager.class),
				new NotificationProperties(Duration.ofSeconds(1), 1, Duration.ofSeconds(5), 1, 1_000), movable,
				new SimpleMeterRegistry());
		List<Notification> due = IntStream.range(0, 50)
			.mapToObj(i -> Notification.about(new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "customer-" + i,
					"card_declined", NOW.minusSeconds(60)), NOW.minusSeconds(60)))
			.toList();
		unsent(due);
		try {
			slow.sendUnsent();

			assertThat(sent).as("sent in a round of one second").hasValue(10);
		}
		finally {
			slow.stop();
		}
	}

	/**
	 * The database's unsent notifications, as the sweep's claim finds them: unsent and unclaimed, claimed until the
	 * time the sweep gives when taken. All are due whenever asked (the query's retry delay: NotificationSweepIT).
	 */
	private void unsent(List<Notification> due) {
		given(notifications.claimUnsentNotTriedSince(any(), any(), any(), anyInt())).willAnswer(claim -> {
			Instant now = claim.getArgument(1);
			Instant claimedUntil = claim.getArgument(2);
			int limit = claim.getArgument(3);
			synchronized (due) {
				List<Notification> page = due.stream()
					.filter(notification -> !notification.isSent() && !notification.isClaimedAt(now))
					.limit(limit)
					.toList();
				page.forEach(notification -> notification.claim(now, Duration.between(now, claimedUntil)));
				return page;
			}
		});
		given(notifications.save(any(Notification.class))).willAnswer(saved -> saved.getArgument(0));
	}

	private double abandonedCalls() {
		return meters.get(NotificationDelivery.ABANDONED_CALLS).gauge().value();
	}
}
