package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the replica monitor last learnt about the replica, and so where catalog reads go now.
 *
 * @param condition the verdict
 * @param position what the replica reported, if it answered, its lag the larger of its own and the primary's view
 * @param problem why reads do not go to the replica, if they do not
 * @param checkedAt when this was learnt
 */
public record ReplicaState(Condition condition, @Nullable DatabasePosition position, @Nullable String problem,
		Instant checkedAt) {

	public enum Condition {

		/** Not asked yet (the first check runs as the service starts): reads try the replica. */
		UNKNOWN,

		/** Answering, in recovery, within the lag limit: reads go to the replica. */
		STREAMING,

		/** Answering, but further behind than the limit: reads go to the primary until it catches up. */
		LAGGING,

		/** Unreachable, failing, or no longer a standby: reads go to the primary. */
		DOWN,

		/** Switched off by configuration: every read goes to the primary. */
		DISABLED

	}

	static ReplicaState unknown(Instant now) {
		return new ReplicaState(Condition.UNKNOWN, null, null, now);
	}

	static ReplicaState disabled(Instant now) {
		return new ReplicaState(Condition.DISABLED, null, "replica reads are disabled", now);
	}

	static ReplicaState down(String problem, Instant now) {
		return new ReplicaState(Condition.DOWN, null, problem, now);
	}

	/**
	 * The replica answered, but how far behind the primary it is cannot be told: reads go to the primary until it
	 * can. Its own lag is no answer, since a replica whose WAL receiver stalled reports 0.
	 */
	static ReplicaState unjudged(DatabasePosition position, String problem, Instant now) {
		return new ReplicaState(Condition.LAGGING, position, problem, now);
	}

	/** The verdict on what the replica answered, without the primary's view (tests, and a primary not asked). */
	static ReplicaState of(DatabasePosition position, Duration maxLag, Instant now) {
		return of(position, null, maxLag, now);
	}

	/**
	 * The verdict on what the replica answered and on how long ago the primary had WAL it has not replayed
	 * ({@link PrimaryPositions}). The replica's own lag is 0 once it has replayed all it received, so a replica whose
	 * WAL receiver stalled would pass for current; the primary's view catches it. A lag nobody can tell is no
	 * promise kept: the reads go to the primary until it is known.
	 * @param behindPrimary how long ago the primary had WAL the replica has not replayed; null if not known
	 */
	static ReplicaState of(DatabasePosition position, @Nullable Duration behindPrimary, Duration maxLag,
			Instant now) {
		if (!position.replica()) {
			return new ReplicaState(Condition.DOWN, position, "the replica is not in recovery (promoted?)", now);
		}
		if (position.lag() == null) {
			return new ReplicaState(Condition.LAGGING, position,
					"the replica cannot tell its lag (it has replayed no transaction since it started)", now);
		}
		Duration lag = behindPrimary == null || position.lag().compareTo(behindPrimary) >= 0 ? position.lag()
				: behindPrimary;
		DatabasePosition judged = new DatabasePosition(position.replica(), position.replayed(), lag);
		if (lag.compareTo(maxLag) > 0) {
			return new ReplicaState(Condition.LAGGING, judged,
					"the replica lags %d ms, more than the %d ms allowed".formatted(lag.toMillis(), maxLag.toMillis())
							+ (lag.equals(position.lag()) ? ""
									: " (it has not replayed WAL the primary wrote then; it reports %d ms itself)"
										.formatted(position.lag().toMillis())),
					now);
		}
		return new ReplicaState(Condition.STREAMING, judged, null, now);
	}

	/** Whether catalog reads go to the replica. */
	public boolean servesReads() {
		return condition == Condition.STREAMING || condition == Condition.UNKNOWN;
	}

	/** The replica's lag as last measured, or null if it is not known. */
	public @Nullable Duration lag() {
		return position == null ? null : position.lag();
	}
}
