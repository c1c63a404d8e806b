package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.testsupport.MovableClock;
import io.securecart.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.securecart.notification.customer.SendWindows.mostInOneSecond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The sweep's send rate, kept in PostgreSQL for every instance at once (ADR 36, amended 2026-12-06), on a clock the
 * test moves: each test's pace has a row of its own. Two paces on one row are two instances. The same context as
 * {@code BackInStockIT}.
 */
@ServiceIntegrationTest(properties = { "securecart.messaging.retry.max-visibility-timeout-seconds=1",
		"securecart.notification.resend-interval=1s", "securecart.notification.resend-batch=2",
		"securecart.notification.send-timeout=2s", "securecart.metrics.sample-interval=1s" })
@AutoConfigureMockMvc
class SharedSendPaceIT {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));

	private final String name = "test-" + UUID.randomUUID();

	@Autowired
	JdbcClient jdbc;

	/** The service's clock: the hosts' clock of the paces on the database's clock. */
	@Autowired
	Clock hostClock;

	/** The service's own pace, on the context's row: the context's sweeps take from it too. */
	@Autowired
	SendPace servicePace;

	@AfterEach
	void removeThePace() {
		jdbc.sql("delete from send_pace where id = :id").param("id", name).update();
	}

	/** One instance's pace, on the test's row: a second one is a second instance. */
	private SendPace pace(double sendsPerSecond) {
		return new SharedSendPace(jdbc, transactionManager, name, sendsPerSecond, clock);
	}

	@Test
	void twoInstancesSendAtTheRateTogetherNotEach() {
		SendPace one = pace(5);
		SendPace other = pace(5);
		Deque<Instant> lastSecond = new ArrayDeque<>();
		int most = 0;
		int started = 0;
		// Two sweeps that each ask for four at a time every 10 ms, for 20 s, from a rested pace.
		for (int tick = 0; tick < 2_000; tick++) {
			Instant now = clock.instant();
			int taken = one.take(4) + other.take(4);
			started += taken;
			for (; taken > 0; taken--) {
				lastSecond.addLast(now);
			}
			while (!lastSecond.isEmpty() && !lastSecond.getFirst().plusSeconds(1).isAfter(now)) {
				lastSecond.removeFirst();
			}
			most = Math.max(most, lastSecond.size());
			clock.advance(Duration.ofMillis(10));
		}

		assertThat(started).as("over 20 s: rate * t + burst").isBetween(5 * 20, 5 * 20 + 1);
		assertThat(most).as("in any second, both instances").isEqualTo(5);
	}

	/**
	 * Two instances' deliveries over the one database sweep the same backlog at once, waiting for the pace on the
	 * test's clock ({@link SimulatedTime}), never sleeping.
	 * The rows are of 2001 and claimed until 2099, so the context's own sweeps (today) leave them; the deliveries'
	 * clock is in 2100.
	 */
	@Test
	void twoDeliveriesSweepingAtOnceSendAtTheRateTogether() throws Exception {
		clock.advance(Duration.between(clock.instant(), Instant.parse("2100-01-01T00:00:00Z")));
		String test = UUID.randomUUID().toString();
		jdbc.sql("""
				insert into notification (id, event_id, customer_id, kind, message, created_at, claimed_until)
				select gen_random_uuid(), gen_random_uuid(), 'paced-' || n || '-' || :test, 'BACK_IN_STOCK', 'back',
				timestamptz '2001-01-01 00:00:00Z', timestamptz '2099-01-01 00:00:00Z'
				from generate_series(1, 60) n""").param("test", test).update();
		List<Instant> sends = Collections.synchronizedList(new ArrayList<>());
		NotificationChannel channel = notification -> {
			if (notification.getCustomerId().endsWith(test)) {
				sends.add(clock.instant());
			}
		};
		NotificationProperties properties = new NotificationProperties(Duration.ofSeconds(30), 100,
				Duration.ofSeconds(5), 2, 5);
		SimulatedTime time = new SimulatedTime(2);
		List<NotificationDelivery> instances = List.of(delivery(channel, properties, time::pause),
				delivery(channel, properties, time::pause));
		try (ExecutorService sweeps = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> rounds = instances.stream().<Future<?>>map(instance -> sweeps.submit(() -> {
				try {
					instance.sendUnsent();
				}
				finally {
					time.finished();
				}
			})).toList();
			for (Future<?> round : rounds) {
				round.get();
			}
		}
		finally {
			instances.forEach(NotificationDelivery::stop);
			jdbc.sql("delete from notification where customer_id like :test").param("test", "%" + test).update();
		}

		assertThat(sends).as("sent by the two rounds").hasSize(60);
		assertThat(mostInOneSecond(sends)).as("both instances, in any second: the rate").isLessThanOrEqualTo(5);
	}

	@Autowired
	NotificationRepository notifications;

	@Autowired
	PlatformTransactionManager transactionManager;

	private NotificationDelivery delivery(NotificationChannel channel, NotificationProperties properties,
			NotificationDelivery.Pause pause) {
		return new NotificationDelivery(notifications, channel, transactionManager, properties, clock,
				new SimpleMeterRegistry(), pace(properties.sweepSendsPerSecond()), pause);
	}

	/**
	 * The test's clock moved by the sweepers' waits, one span of time for waits that overlap: it stands still while
	 * any sweeper works, and once all of them wait it moves to the end of the first wait. (Moving it by each wait in
	 * turn would run it at twice the speed for two sweepers, and halve any rate measured on it.)
	 */
	private final class SimulatedTime {

		private final List<Instant> waitingUntil = new ArrayList<>();

		private int working;

		SimulatedTime(int sweepers) {
			this.working = sweepers;
		}

		synchronized void pause(Duration duration) throws InterruptedException {
			Instant until = clock.instant().plus(duration);
			waitingUntil.add(until);
			working--;
			moveOnIfAllWait();
			while (clock.instant().isBefore(until)) {
				wait();
			}
			waitingUntil.remove(until);
			working++;
		}

		synchronized void finished() {
			working--;
			moveOnIfAllWait();
		}

		private void moveOnIfAllWait() {
			if (working == 0 && !waitingUntil.isEmpty()) {
				Instant first = waitingUntil.stream().min(Instant::compareTo).orElseThrow();
				if (first.isAfter(clock.instant())) {
					clock.advance(Duration.between(clock.instant(), first));
				}
				notifyAll();
			}
		}
	}

	@Test
	void sendsTakenAtOnceByManyInstancesGetOneBurstBetweenThem() throws Exception {
		int instances = 8;
		List<SendPace> paces = new ArrayList<>();
		for (int i = 0; i < instances; i++) {
			paces.add(pace(35));
		}
		CountDownLatch start = new CountDownLatch(1);
		int started = 0;
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> takes = new ArrayList<>();
			for (SendPace pace : paces) {
				takes.add(threads.submit(() -> {
					start.await();
					int taken = 0;
					for (int ask = 0; ask < 5; ask++) {
						taken += pace.take(4);
					}
					return taken;
				}));
			}
			start.countDown();
			for (Future<Integer> take : takes) {
				started += take.get();
			}
		}

		assertThat(started).as("a fifth of a second's worth, the clock standing still, the row made in the race")
			.isEqualTo(7);
	}

	@Test
	void aFifthOfASecondsSendsMayStartAtOnceAndThenOnlyAsTheRateAllows() {
		SendPace pace = pace(35);

		assertThat(pace.take(100)).as("after a pause: a fifth of a second's worth").isEqualTo(7);
		assertThat(pace.take(100)).as("nothing more at the same instant").isZero();
		assertThat(pace.untilNext()).isEqualTo(Duration.ofNanos(28_571_429));

		clock.advance(Duration.ofNanos(28_571_429));
		assertThat(pace.take(100)).isOne();
		assertThat(pace.take(100)).isZero();
	}

	@Test
	void belowTenASecondNoSecondHoldsMoreThanTheRate() {
		SendPace pace = pace(5);
		Deque<Instant> lastSecond = new ArrayDeque<>();
		int most = 0;
		// A sweep that asks for four at a time every 10 ms, for 20 s, from a rested pace.
		for (int tick = 0; tick < 2_000; tick++) {
			Instant now = clock.instant();
			for (int started = pace.take(4); started > 0; started--) {
				lastSecond.addLast(now);
			}
			while (!lastSecond.isEmpty() && !lastSecond.getFirst().plusSeconds(1).isAfter(now)) {
				lastSecond.removeFirst();
			}
			most = Math.max(most, lastSecond.size());
			clock.advance(Duration.ofMillis(10));
		}

		assertThat(most).isEqualTo(5);
	}

	@Test
	void aSendReservedWaitsForItsTurnAndTakesItFromTheOthers() {
		SendPace pace = pace(5);
		SendPace otherInstance = pace(5);
		Instant start = clock.instant();

		assertThat(pace.reserve(Duration.ofSeconds(1))).contains(start);
		assertThat(otherInstance.reserve(Duration.ofSeconds(1))).contains(start.plusMillis(200));
		assertThat(pace.take(1)).as("the turns reserved are taken").isZero();
		assertThat(pace.untilNext()).isEqualTo(Duration.ofMillis(400));
		for (int turn = 2; turn <= 5; turn++) {
			assertThat(pace.reserve(Duration.ofSeconds(1))).contains(start.plusMillis(200L * turn));
		}
		assertThat(pace.reserve(Duration.ofSeconds(1))).as("its turn comes later than asked: not taken").isEmpty();
		assertThat(pace.untilNext()).isEqualTo(Duration.ofMillis(1_200));
	}

	@Test
	void overAnyStretchAtMostTheRateTimesItsLengthPlusOneBurstStart() {
		SendPace pace = pace(14);
		int started = 0;
		// A sweep that asks for four at a time every 10 ms, for 20 s.
		for (int tick = 0; tick < 2_000; tick++) {
			started += pace.take(4);
			clock.advance(Duration.ofMillis(10));
		}

		assertThat(started).isBetween(14 * 20, 14 * 20 + 14);
	}

	@Test
	void anIdleSpellSavesNoMoreThanOneBurst() {
		SendPace pace = pace(50);
		pace.take(10);

		clock.advance(Duration.ofHours(1));

		assertThat(pace.take(1_000)).isEqualTo(10);
		assertThat(pace.take(1_000)).isZero();
	}

	@Test
	void sendsGivenBackMayStartAtOnce() {
		SendPace pace = pace(50);
		assertThat(pace.take(10)).isEqualTo(10);

		pace.giveBack(6); // the page came back with four

		assertThat(pace.untilNext()).isZero();
		assertThat(pace(50).take(100)).as("by any instance").isEqualTo(6);
		assertThat(pace.take(100)).isZero();
	}

	/**
	 * One instance takes, another takes after it, and the first gives its send back: given back, the row would make
	 * the second's turn free again, and two sends would start one spacing apart of one (6 in one second at 5).
	 */
	@Test
	void sendsAreNotGivenBackOnceAnotherInstanceTookAfterThem() {
		SendPace pace = pace(5);
		SendPace otherInstance = pace(5);
		assertThat(pace.take(1)).isOne();
		clock.advance(Duration.ofMillis(200));
		assertThat(otherInstance.take(1)).as("its turn, the next at the rate").isOne();

		pace.giveBack(1);

		assertThat(pace(5).take(1)).as("a third at the second's turn").isZero();
		assertThat(otherInstance.untilNext()).isEqualTo(Duration.ofMillis(200));
	}

	/**
	 * The service's own pace, reserving turns in a committed transaction's {@code afterCommit} as the sends of one
	 * event telling many customers do: between two reservations, another instance takes the row's lock at once. Run on
	 * the committed transaction's connection, the first reservation's statement opened a transaction there that held
	 * the row until the loop ended (and would have rolled back with a failure later in the loop).
	 */
	@Test
	void turnsReservedAfterACommitHoldTheRowOnlyForTheirOwnStatement() throws Exception {
		String row = SharedSendPace.nameFor(5);
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		List<Boolean> lockedBetween = Collections.synchronizedList(new ArrayList<>());
		transactions.executeWithoutResult(status -> {
			jdbc.sql("select 1").query(Integer.class).single();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					servicePace.reserve(Duration.ofSeconds(2));
					lockedBetween.add(lockedForAnotherInstance(row));
					servicePace.reserve(Duration.ofSeconds(2));
				}
			});
		});

		assertThat(lockedBetween).as("the row, locked between two reservations").containsExactly(false);
	}

	/** Whether another instance would wait for the row: its lock, asked on a connection of its own, for 1 s. */
	private boolean lockedForAnotherInstance(String row) {
		try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
			return other.submit(() -> {
				try {
					new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
						jdbc.sql("set local lock_timeout = '1s'").update();
						jdbc.sql("select next_due from send_pace where id = :id for update")
							.param("id", row)
							.query(Long.class)
							.single();
					});
					return false;
				}
				catch (DataAccessException lockNotAvailable) {
					return true;
				}
			}).get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Two instances on the database's clock, as the service's pace is: one host's clock runs ten minutes ahead. On
	 * its own clock, its take wrote the next send due ten minutes on, and no instance sent for ten minutes.
	 */
	@Test
	void aHostWhoseClockRunsAheadDoesNotHoldTheOthersBack() {
		SendPace ahead = SharedSendPace.onDatabaseClock(jdbc, transactionManager, name, 5,
				Clock.offset(hostClock, Duration.ofMinutes(10)));
		SendPace onTime = SharedSendPace.onDatabaseClock(jdbc, transactionManager, name, 5, hostClock);

		assertThat(ahead.take(1)).isOne();
		assertThat(ahead.untilNext()).as("told on its own clock").isLessThanOrEqualTo(Duration.ofMillis(200));
		await("the other host's next send, a fifth of a second later").atMost(Duration.ofSeconds(2))
			.until(() -> onTime.take(1) == 1);
		assertThat(onTime.reserve(Duration.ofSeconds(2))).as("a turn told on the host's clock")
			.hasValueSatisfying(turn -> assertThat(turn).isBetween(hostClock.instant(),
					hostClock.instant().plusMillis(300)));
	}

	/**
	 * A host whose statement waits a second before it begins (for a connection, the row's lock): its clock moves on
	 * meanwhile. Read before that wait, the host's clock made the gap to the database's a second too small, and the
	 * turn reserved and the wait told came a second early: sends closer together than the rate.
	 */
	@Test
	void theWaitsToldOnTheHostsClockDoNotComeEarlyByTheTimeTheStatementWaitedToBegin() {
		AtomicReference<Duration> behind = new AtomicReference<>(Duration.ZERO);
		Clock host = new Clock() {
			@Override
			public Instant instant() {
				return hostClock.instant().plus(behind.get());
			}

			@Override
			public ZoneId getZone() {
				return hostClock.getZone();
			}

			@Override
			public Clock withZone(ZoneId zone) {
				throw new UnsupportedOperationException();
			}
		};
		PlatformTransactionManager slowToBegin = new PlatformTransactionManager() {
			@Override
			public TransactionStatus getTransaction(TransactionDefinition definition) {
				behind.set(behind.get().plusSeconds(1)); // a second waited for the connection, as the host's clock tells
				return transactionManager.getTransaction(definition);
			}

			@Override
			public void commit(TransactionStatus status) {
				transactionManager.commit(status);
			}

			@Override
			public void rollback(TransactionStatus status) {
				transactionManager.rollback(status);
			}
		};
		SendPace pace = SharedSendPace.onDatabaseClock(jdbc, slowToBegin, name, 5, host);

		Instant turn = pace.reserve(Duration.ofSeconds(2)).orElseThrow();
		Instant answered = host.instant();
		assertThat(turn).as("a rested pace's turn: when the statement answered, not a second or more before")
			.isBetween(answered.minusMillis(500), answered);
		assertThat(pace.untilNext()).as("the next send, a fifth of a second after the one reserved")
			.isGreaterThan(Duration.ofMillis(100))
			.isLessThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void aRateBelowOneASecondSpacesSingleSends() {
		SendPace pace = pace(0.5);

		assertThat(pace.burst()).isOne();
		assertThat(pace.take(5)).isOne();
		assertThat(pace.untilNext()).isEqualTo(Duration.ofSeconds(2));

		clock.advance(Duration.ofMillis(1_999));
		assertThat(pace.take(5)).isZero();
		clock.advance(Duration.ofMillis(1));
		assertThat(pace.take(5)).isOne();
	}

	@Test
	void refusesARateThatIsNotPositiveAndFinite() {
		assertThatThrownBy(() -> pace(0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> pace(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> pace(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
	}
}
