package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static io.securecart.notification.customer.SendWindows.mostInOneSecond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
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

	/** The clock of the tests that wait for the pace: their waits move it, and never sleep. */
	private final MovableClock movable = new MovableClock(NOW);

	private final NotificationDelivery delivery = new NotificationDelivery(notifications, hangingChannel,
			mock(PlatformTransactionManager.class),
			new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofMillis(100), 2, 1_000), movable, meters,
			new InstancePace(1_000, movable), movable::advance);

	/** What the paced tests' deliveries waited for the pace, in turn. */
	private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

	/** When each of the paced tests' sends reached the channel. */
	private final List<Instant> sendTimes = Collections.synchronizedList(new ArrayList<>());

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
		movable.advance(Duration.ofSeconds(31));
		delivery.sendUnsent();
		movable.advance(Duration.ofSeconds(31));
		delivery.sendUnsent();

		assertThat(calls).as("calls to the channel while the first hangs").hasValue(1);
		assertThat(declined.isSent()).isFalse();
		assertThat(abandonedCalls()).as("the hung call, counted").isEqualTo(1);

		providerRecovers.countDown();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			movable.advance(Duration.ofSeconds(31));
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
				Clock.fixed(NOW, ZoneOffset.UTC), promptMeters, new InstancePace(1_000, Clock.fixed(NOW, ZoneOffset.UTC)),
				Thread::sleep);
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
		NotificationDelivery paced = paced(notification -> sendTimes.add(movable.instant()),
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 2, 10));
		List<Notification> due = due(50);
		unsent(due);
		try {
			paced.sendUnsent();

			// Each page waited for, the pace's waits moving the clock.
			assertThat(due).filteredOn(Notification::isSent).hasSize(50);
			// A page of two at first (the burst), then one a tenth of a second, the last one finding none left.
			verify(notifications, times(1)).claimUnsentNotTriedSince(any(), any(), any(), eq(2));
			verify(notifications, times(49)).claimUnsentNotTriedSince(any(), any(), any(), eq(1));
			assertThat(Duration.between(NOW, movable.instant())).isEqualTo(Duration.ofMillis(4_900));
			assertThat(mostInOneSecond(sendTimes)).as("rate + burst - 1 at most in any second").isLessThanOrEqualTo(11);
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void aRoundEndsOnceItsIntervalHasPassedWhenTheChannelIsSlowerThanTheRate() {
		// Each send takes a tenth of a second, at a rate of a thousand a second: the interval runs out first.
		NotificationDelivery slow = paced(notification -> {
			sendTimes.add(movable.instant());
			movable.advance(Duration.ofMillis(100));
		}, new NotificationProperties(Duration.ofSeconds(1), 1, Duration.ofSeconds(5), 1, 1_000));
		unsent(due(50));
		try {
			slow.sendUnsent();

			assertThat(sendTimes).as("sent in a round of one second").hasSize(10);
		}
		finally {
			slow.stop();
		}
	}

	@Test
	void aFewNoticesThatKeepFailingNeitherEndTheRoundNorHeadTheNext() {
		List<Notification> due = due(23);
		Set<UUID> refused = due.subList(0, 3).stream().map(Notification::getId).collect(Collectors.toSet());
		// Three notices the channel refuses each time, oldest of all (a call that hung throws so until it returns).
		NotificationDelivery paced = paced(notification -> {
			if (refused.contains(notification.getId())) {
				throw new IllegalStateException("The channel has not returned from an earlier call for it yet");
			}
			sendTimes.add(movable.instant());
		}, new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 4, 2));
		unsent(due);
		try {
			paced.sendUnsent();

			assertThat(sendTimes).as("the others, sent in the same round").hasSize(20);
			assertThat(due.subList(0, 3)).noneMatch(Notification::isSent);

			movable.advance(Duration.ofSeconds(31));
			due(2).forEach(due::add);
			paced.sendUnsent();

			assertThat(sendTimes).as("notices due later are not held behind the three").hasSize(22);
			assertThat(due.subList(0, 3)).as("still owed, tried again").noneMatch(Notification::isSent)
				.allMatch(notification -> !notification.getLastAttemptAt().isBefore(NOW.plusSeconds(31)));
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void aRoundEndsOnceSendersManyNoticesFailInARow() {
		AtomicInteger refusals = new AtomicInteger();
		NotificationDelivery refusing = paced(notification -> {
			refusals.incrementAndGet();
			throw new IllegalStateException("Throttling: maximum sending rate exceeded");
		}, new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 3, 2));
		unsent(due(20));
		try {
			refusing.sendUnsent();

			assertThat(refusals).as("one a sender, then the round ends").hasValue(3);
		}
		finally {
			refusing.stop();
		}
	}

	@Test
	void aClaimWithTooLittleLeftToSaveTheOutcomeAfterAFullTimeoutIsNotSent() {
		// Claimed for 20 s; a call may take its 10 s, and the save needs the margin (5 s) beyond it.
		NotificationProperties properties = new NotificationProperties(Duration.ofSeconds(30), 100,
				Duration.ofSeconds(10), 1, 1_000);
		NotificationDelivery paced = paced(notification -> sendTimes.add(movable.instant()), properties);
		List<Notification> due = due(1);
		unsent(due, Duration.ofSeconds(6));
		try {
			paced.sendUnsent();

			assertThat(sendTimes).as("14 s of the claim left: not sent").isEmpty();
			assertThat(due.get(0).isSent()).isFalse();

			movable.advance(Duration.ofSeconds(20));
			unsent(due, Duration.ofSeconds(4));
			paced.sendUnsent();

			assertThat(sendTimes).as("16 s left: sent").hasSize(1);
			assertThat(due.get(0).isSent()).isTrue();
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void theSendsAfterTheCommitOfOneEventTellingManyCustomersKeepTheSweepsPace() {
		// 5 a second: spaced a fifth of a second apart, those whose turn comes within two seconds sent after the commit.
		// The waits are kept and the clock stands still, so each wait says how far from the commit its turn was.
		NotificationDelivery paced = new NotificationDelivery(notifications,
				notification -> sendTimes.add(movable.instant()), mock(PlatformTransactionManager.class),
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 4, 5), movable,
				new SimpleMeterRegistry(), new InstancePace(5, movable), waits::add);
		List<Notification> told = due(30);
		given(notifications.lockUnclaimed(any(), any())).willAnswer(lock -> told.stream()
			.filter(notification -> notification.getId().equals(lock.getArgument(0)) && !notification.isSent()
					&& !notification.isClaimedAt(lock.getArgument(1)))
			.findFirst());
		willAnswer(saved -> saved.getArgument(0)).given(notifications).save(any(Notification.class));
		try {
			TransactionSynchronizationManager.initSynchronization();
			try {
				paced.sendAfterCommitWhileThereIsRoom(told.stream().map(Notification::getId).toList());
				TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
			}
			finally {
				TransactionSynchronizationManager.clearSynchronization();
			}

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(told).filteredOn(Notification::isSent).hasSize(11));
			assertThat(sendTimes).as("the others are left to the sweep").hasSize(11);
			assertThat(waits).as("each waited for its turn, a fifth of a second after the one before")
				.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10)
					.mapToObj(turn -> Duration.ofMillis(200L * turn))
					.toList());
			unsent(told);
			paced.sendUnsent();
			assertThat(sendTimes).as("the sweep keeps the same pace: nothing more at this instant").hasSize(11);
		}
		finally {
			paced.stop();
		}
	}

	/**
	 * In {@code afterCommit} the committed transaction's connection is still held, and each reservation of a turn takes
	 * a second one: as many restocks at once as the pool has connections waited for ever more (ADR 36, review). The
	 * reservations run on a thread of their own, which holds none.
	 */
	@Test
	void theTurnsOfTheSendsAfterACommitAreNotReservedOnTheCommittingThread() {
		Set<Thread> reservedOn = ConcurrentHashMap.newKeySet();
		SendPace pace = new InstancePace(1_000, movable) {
			@Override
			public synchronized Optional<Instant> reserve(Duration within) {
				reservedOn.add(Thread.currentThread());
				return super.reserve(within);
			}
		};
		NotificationDelivery paced = paced(notification -> sendTimes.add(movable.instant()),
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 2, 1_000), pace);
		List<Notification> told = backInStock(3);
		given(notifications.lockUnclaimed(any(), any())).willAnswer(lock -> told.stream()
			.filter(notification -> notification.getId().equals(lock.getArgument(0)) && !notification.isSent())
			.findFirst());
		willAnswer(saved -> saved.getArgument(0)).given(notifications).save(any(Notification.class));
		try {
			TransactionSynchronizationManager.initSynchronization();
			try {
				paced.sendAfterCommitWhileThereIsRoom(told.stream().map(Notification::getId).toList());
				TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
			}
			finally {
				TransactionSynchronizationManager.clearSynchronization();
			}

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(told).filteredOn(Notification::isSent).hasSize(3));
			assertThat(reservedOn).as("the threads the turns were reserved on").isNotEmpty()
				.doesNotContain(Thread.currentThread());
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void aNoticeSkippedForAShortClaimDoesNotCountTowardTheFailuresThatEndARound() {
		// One sender: one failure ends the round. The first claim is slow, and leaves 14 s of the 20 s claim, too little
		// to send its notice; the others' claims are prompt.
		NotificationProperties properties = new NotificationProperties(Duration.ofSeconds(30), 100,
				Duration.ofSeconds(10), 1, 1_000);
		NotificationDelivery paced = paced(notification -> sendTimes.add(movable.instant()), properties);
		List<Notification> due = due(3);
		unsent(due);
		AtomicInteger claims = new AtomicInteger();
		willAnswer(claim -> {
			List<Notification> page = claimAsTheQueryDoes(due, claim.getArgument(0), claim.getArgument(1),
					claim.getArgument(2), claim.getArgument(3));
			if (claims.getAndIncrement() == 0) {
				movable.advance(Duration.ofSeconds(6));
			}
			return page;
		}).given(notifications).claimUnsentNotTriedSince(any(), any(), any(), anyInt());
		try {
			paced.sendUnsent();

			assertThat(due.get(0).isSent()).as("its claim too short: not sent").isFalse();
			assertThat(sendTimes).as("the others, in the same round").hasSize(2);
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void orderNoticesThatKeepFailingBackOffAndCannotKeepBackInStockNoticesFromBeingSent() {
		// Rounds of 2 s at 1 a second: two sends a round. Four order notices the channel always refuses would fill
		// every round were they due again each round, and the back-in-stock notices behind them never sent.
		List<Notification> due = due(4);
		Set<UUID> refused = due.stream().map(Notification::getId).collect(Collectors.toSet());
		List<Notification> waiting = backInStock(3);
		due.addAll(waiting);
		AtomicInteger refusals = new AtomicInteger();
		NotificationDelivery paced = paced(notification -> {
			if (refused.contains(notification.getId())) {
				refusals.incrementAndGet();
				throw new IllegalStateException("Rejected: address on the suppression list");
			}
			sendTimes.add(movable.instant());
		}, new NotificationProperties(Duration.ofSeconds(2), 100, Duration.ofSeconds(5), 2, 1));
		unsent(due);
		try {
			for (int round = 0; round < 20; round++) {
				paced.sendUnsent();
				movable.advance(Duration.ofSeconds(3));
			}

			assertThat(waiting).as("the back-in-stock notices, sent between the failing notices' tries")
				.allMatch(Notification::isSent);
			assertThat(due.subList(0, 4)).as("still owed").noneMatch(Notification::isSent)
				.allMatch(notice -> notice.getFailedAttempts() >= 3);
			assertThat(refusals).as("tried less and less often: far fewer than two a round").hasValueLessThan(30);
		}
		finally {
			paced.stop();
		}
	}

	@Test
	void anOutageEndsEachRoundAfterSendersFailuresOrderNoticesThatFailedBeforeIncluded() {
		List<Notification> due = due(10);
		due.forEach(notice -> {
			notice.claim(NOW.minusSeconds(50), Duration.ofSeconds(1));
			notice.attemptFailed(NOW.minusSeconds(40), Duration.ZERO);
		});
		AtomicInteger refusals = new AtomicInteger();
		NotificationDelivery refusing = paced(notification -> {
			refusals.incrementAndGet();
			throw new IllegalStateException("Service unavailable");
		}, new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 3, 1_000));
		unsent(due);
		try {
			refusing.sendUnsent();

			assertThat(refusals).as("one a sender, then the round ends").hasValue(3);

			movable.advance(Duration.ofSeconds(31));
			refusing.sendUnsent();

			assertThat(refusals).as("the next round: three more, not the seven left and the three again").hasValue(6);
		}
		finally {
			refusing.stop();
		}
	}

	@Test
	void aPaceThatCannotBeReadSendsNothing() {
		SendPace unreachable = new InstancePace(1_000, movable) {
			@Override
			public int take(int wanted) {
				throw new DataAccessResourceFailureException("Connection refused");
			}
		};
		NotificationDelivery paced = paced(notification -> sendTimes.add(movable.instant()),
				new NotificationProperties(Duration.ofSeconds(30), 100, Duration.ofSeconds(5), 2, 1_000), unreachable);
		unsent(due(5));
		try {
			paced.sendUnsent();
			movable.advance(Duration.ofSeconds(31));
			paced.sendUnsent();

			assertThat(sendTimes).as("fails closed: other instances may be sending at the rate").isEmpty();
			verify(notifications, times(0)).claimUnsentNotTriedSince(any(), any(), any(), anyInt());
		}
		finally {
			paced.stop();
		}
	}

	/**
	 * The database's unsent notifications, as the sweep's claim finds them: unsent and unclaimed, claimed until the
	 * time the sweep gives when taken. All are due whenever asked (the query's retry delay: NotificationSweepIT).
	 */
	private void unsent(List<Notification> due) {
		unsent(due, Duration.ZERO);
	}

	/**
	 * As {@link #unsent(List)}, in the query's order and due only once not tried since {@code before}, with a claim
	 * that takes {@code claimTakes} of the test's movable clock.
	 */
	private void unsent(List<Notification> due, Duration claimTakes) {
		willAnswer(claim -> {
			List<Notification> page = claimAsTheQueryDoes(due, claim.getArgument(0), claim.getArgument(1),
					claim.getArgument(2), claim.getArgument(3));
			movable.advance(claimTakes);
			return page;
		}).given(notifications).claimUnsentNotTriedSince(any(), any(), any(), anyInt());
		willAnswer(saved -> saved.getArgument(0)).given(notifications).save(any(Notification.class));
	}

	/** Claims a page of {@code due} as the query does: unsent, unclaimed, due, order notices first. */
	private static List<Notification> claimAsTheQueryDoes(List<Notification> due, Instant before, Instant now,
			Instant claimedUntil, int limit) {
		synchronized (due) {
			List<Notification> page = due.stream()
					.filter(notification -> !notification.isSent() && !notification.isClaimedAt(now)
							&& waitingSince(notification).isBefore(before))
					.sorted(Comparator
						.comparing((Notification notification) -> notification.getKind() == NotificationKind.BACK_IN_STOCK)
						.thenComparing(NotificationDeliveryTest::waitingSince))
					.limit(limit)
					.toList();
			page.forEach(notification -> notification.claim(now, Duration.between(now, claimedUntil)));
			return page;
		}
	}

	/** As the query reads it: coalesce(greatest(last_attempt_at, retry_from), created_at). */
	private static Instant waitingSince(Notification notification) {
		Instant tried = notification.getLastAttemptAt();
		Instant retryFrom = notification.getRetryFrom();
		if (tried == null || (retryFrom != null && retryFrom.isAfter(tried))) {
			tried = retryFrom;
		}
		return tried != null ? tried : notification.getCreatedAt();
	}

	/** Order notices recorded a minute before the test's start, a millisecond apart, oldest first. */
	private List<Notification> due(int count) {
		Instant recorded = movable.instant().minusSeconds(60);
		return new ArrayList<>(IntStream.range(0, count)
			.mapToObj(i -> Notification.about(new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "customer-" + i,
					"card_declined", recorded), recorded.plusMillis(i)))
			.toList());
	}

	/** Back-in-stock notices recorded a minute before the test's start, a millisecond apart, oldest first. */
	private List<Notification> backInStock(int count) {
		Instant recorded = movable.instant().minusSeconds(60);
		return new ArrayList<>(IntStream.range(0, count)
			.mapToObj(i -> Notification.backInStock(new StockLevelChanged(UUID.randomUUID(), "SKU-1",
					Level.OUT_OF_STOCK, Level.LOW, 1, 5, recorded), "waiting-" + i, recorded.plusMillis(i)))
			.toList());
	}

	/** A delivery on the movable clock whose waits for the pace move it (and are kept), never sleeping. */
	private NotificationDelivery paced(NotificationChannel channel, NotificationProperties properties) {
		return paced(channel, properties, new InstancePace(properties.sweepSendsPerSecond(), movable));
	}

	/** As {@link #paced(NotificationChannel, NotificationProperties)}, on the given pace. */
	private NotificationDelivery paced(NotificationChannel channel, NotificationProperties properties, SendPace pace) {
		return new NotificationDelivery(notifications, channel, mock(PlatformTransactionManager.class), properties,
				movable, new SimpleMeterRegistry(), pace, wait -> {
					waits.add(wait);
					movable.advance(wait);
				});
	}

	private double abandonedCalls() {
		return meters.get(NotificationDelivery.ABANDONED_CALLS).gauge().value();
	}
}
