package io.securecart.notification.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sweep's send rate, on a clock the test moves. */
class SendPaceTest {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));

	@Test
	void aFifthOfASecondsSendsMayStartAtOnceAndThenOnlyAsTheRateAllows() {
		SendPace pace = new SendPace(35, clock);

		assertThat(pace.take(100)).as("after a pause: a fifth of a second's worth").isEqualTo(7);
		assertThat(pace.take(100)).as("nothing more at the same instant").isZero();
		assertThat(pace.untilNext()).isEqualTo(Duration.ofNanos(28_571_429));

		clock.advance(Duration.ofNanos(28_571_429));
		assertThat(pace.take(100)).isOne();
		assertThat(pace.take(100)).isZero();
	}

	@Test
	void belowTenASecondNoSecondHoldsMoreThanTheRate() {
		SendPace pace = new SendPace(5, clock);
		Deque<Instant> lastSecond = new ArrayDeque<>();
		int most = 0;
		// A sweep that asks for four at a time every 10 ms, for a minute, from a rested pace.
		for (int tick = 0; tick < 6_000; tick++) {
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
		SendPace pace = new SendPace(5, clock);
		Instant start = clock.instant();

		assertThat(pace.reserve(Duration.ofSeconds(1))).contains(start);
		assertThat(pace.reserve(Duration.ofSeconds(1))).contains(start.plusMillis(200));
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
		SendPace pace = new SendPace(14, clock);
		int started = 0;
		// A sweep that asks for four at a time every 10 ms, for a minute.
		for (int tick = 0; tick < 6_000; tick++) {
			started += pace.take(4);
			clock.advance(Duration.ofMillis(10));
		}

		assertThat(started).isBetween(14 * 60, 14 * 60 + 14);
	}

	@Test
	void anIdleSpellSavesNoMoreThanOneBurst() {
		SendPace pace = new SendPace(50, clock);
		pace.take(10);

		clock.advance(Duration.ofHours(1));

		assertThat(pace.take(1_000)).isEqualTo(10);
		assertThat(pace.take(1_000)).isZero();
	}

	@Test
	void sendsGivenBackMayStartAtOnce() {
		SendPace pace = new SendPace(50, clock);
		assertThat(pace.take(10)).isEqualTo(10);

		pace.giveBack(6); // the page came back with four

		assertThat(pace.untilNext()).isZero();
		assertThat(pace.take(100)).isEqualTo(6);
		assertThat(pace.take(100)).isZero();
	}

	@Test
	void aRateBelowOneASecondSpacesSingleSends() {
		SendPace pace = new SendPace(0.5, clock);

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
		assertThatThrownBy(() -> new SendPace(0, clock)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new SendPace(Double.NaN, clock)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new SendPace(Double.POSITIVE_INFINITY, clock))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
