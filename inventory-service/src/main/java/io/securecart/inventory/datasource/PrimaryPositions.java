package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

/**
 * The primary's recent WAL positions ({@code pg_current_wal_lsn()}) and when the monitor read them, so that a
 * replica is judged by what it has not replayed rather than by what it says of itself. A replica whose WAL receiver
 * stalled has replayed all it received, so it reports lag 0 while the primary writes on; it cannot hide that it has
 * not replayed a position the primary had long ago.
 *
 * <p>
 * Only positions the replica has not replayed yet are kept (replay only moves forward), one per distinct position
 * (the earliest time it was seen), at most {@value #MAX_SAMPLES}: past that the second oldest goes, since the oldest
 * alone says how far behind the replica is. A position lower than the last starts over: it comes from a new
 * history, and a replica is judged by it only once seen at or behind it ({@link #judges}).
 */
final class PrimaryPositions {

	static final int MAX_SAMPLES = 1024;

	private final Deque<Sample> samples = new ArrayDeque<>();

	/**
	 * Since a new history began, whether a replica has yet been seen at or behind the primary's latest position: a
	 * replica left on the old history (ahead of where the new one forked) receives nothing and replays nothing, and
	 * compared with the new history's lower positions it would pass for current.
	 */
	private boolean followsTheNewHistory = true;

	/**
	 * The last position read, kept apart from the samples: {@link #behind} drops every sample a replica has replayed,
	 * so a replica that keeps up leaves none, and a lower position would go unnoticed against them.
	 */
	private @Nullable Lsn lastRead;

	synchronized void record(Lsn position, Instant at) {
		Lsn previous = lastRead;
		lastRead = position;
		if (previous != null && previous.equals(position)) {
			return;
		}
		if (previous != null && previous.isAtLeast(position)) {
			// A primary's position only grows within one history: a lower one is a new history (a failover, a
			// point-in-time recovery), and the old one's positions would keep the replica behind until the new
			// primary wrote past them.
			samples.clear();
			followsTheNewHistory = false;
		}
		samples.addLast(new Sample(position, at));
		if (samples.size() > MAX_SAMPLES) {
			Sample oldest = samples.pollFirst();
			samples.pollFirst();
			samples.addFirst(oldest);
		}
	}

	/**
	 * Whether a replica at {@code replayed} can be judged by these positions: always, but after the primary's position
	 * went backwards (a new history), only once the replica has been seen at or behind the primary's latest position.
	 * A replica ahead of the primary it follows has replayed WAL that primary never wrote.
	 */
	synchronized boolean judges(Lsn replayed) {
		if (!followsTheNewHistory) {
			followsTheNewHistory = lastRead != null && lastRead.isAtLeast(replayed);
		}
		return followsTheNewHistory;
	}

	/**
	 * How long ago the primary had WAL that a replica at {@code replayed} has not replayed: zero if it has replayed
	 * every position remembered; null if nothing was remembered yet.
	 */
	synchronized @Nullable Duration behind(Lsn replayed, Instant now) {
		if (samples.isEmpty()) {
			return null;
		}
		while (!samples.isEmpty() && replayed.isAtLeast(samples.peekFirst().position())) {
			samples.pollFirst();
		}
		Sample oldestNotReplayed = samples.peekFirst();
		if (oldestNotReplayed == null) {
			return Duration.ZERO;
		}
		Duration behind = Duration.between(oldestNotReplayed.at(), now);
		return behind.isNegative() ? Duration.ZERO : behind;
	}

	private record Sample(Lsn position, Instant at) {
	}
}
