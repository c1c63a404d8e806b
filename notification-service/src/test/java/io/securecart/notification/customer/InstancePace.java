package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The pace of {@link SendPace} kept in memory, for one delivery alone: the unit tests' pace, whose database is a mock.
 * The same arithmetic as {@link SharedSendPace}'s statement, which {@code SharedSendPaceIT} proves against PostgreSQL.
 */
class InstancePace implements SendPace {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final Clock clock;

	/** The time between two sends at the rate. */
	private final long spacingNanos;

	/** How many may start at once after a pause: a fifth of a second's worth, at least one. */
	private final int burst;

	/** How far ahead of the rate the sends may run: the burst's sends after the first. */
	private final long toleranceNanos;

	/** When the next send is due at the rate; earlier sends are ahead of it, by the tolerance at most. */
	private Instant nextDue;

	InstancePace(double sendsPerSecond, Clock clock) {
		if (!(sendsPerSecond > 0) || Double.isInfinite(sendsPerSecond)) {
			throw new IllegalArgumentException("A send rate must be positive and finite, not " + sendsPerSecond);
		}
		this.clock = clock;
		this.spacingNanos = Math.max(1, Math.round(NANOS_PER_SECOND / sendsPerSecond));
		this.burst = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(sendsPerSecond / 5)));
		this.toleranceNanos = (burst - 1) * spacingNanos;
		this.nextDue = clock.instant();
	}

	/** Up to {@code wanted} sends that may start now, taken: fewer (none) when the rate allows fewer. */
	@Override
	public synchronized int take(int wanted) {
		Instant now = clock.instant();
		long ahead = Math.max(0, Duration.between(now, nextDue).toNanos());
		if (ahead > toleranceNanos || wanted < 1) {
			return 0;
		}
		int granted = (int) Math.min(wanted, (toleranceNanos - ahead) / spacingNanos + 1);
		nextDue = later(nextDue, now).plusNanos(granted * spacingNanos);
		return granted;
	}

	/**
	 * Takes one send at the first time the rate allows, if that comes within {@code within}: that time, when the send
	 * may start (now or later); empty, taking nothing, when its turn comes later.
	 */
	@Override
	public synchronized Optional<Instant> reserve(Duration within) {
		Instant now = clock.instant();
		Instant turn = later(nextDue.minusNanos(toleranceNanos), now);
		if (Duration.between(now, turn).compareTo(within) > 0) {
			return Optional.empty();
		}
		nextDue = later(nextDue, now).plusNanos(spacingNanos);
		return Optional.of(turn);
	}

	/** Gives back sends taken and not made (a page that came back short): they may start at once again. */
	@Override
	public synchronized void giveBack(int unused) {
		if (unused > 0) {
			nextDue = nextDue.minusNanos(unused * spacingNanos);
		}
	}

	/** How long until at least one send may start: zero when one may now. */
	@Override
	public synchronized Duration untilNext() {
		Duration wait = Duration.between(clock.instant(), nextDue.minusNanos(toleranceNanos));
		return wait.isNegative() ? Duration.ZERO : wait;
	}

	/** How many may start at once after a pause: a fifth of a second's worth, at least one. */
	@Override
	public int burst() {
		return burst;
	}

	private static Instant later(Instant one, Instant other) {
		return one.isAfter(other) ? one : other;
	}
}
