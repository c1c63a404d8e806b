package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the replica monitor last learnt about the replica, and so where catalog reads go now.
 *
 * @param condition the verdict
 * @param position what the replica reported, if it answered
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

	/** The verdict on what the replica answered. */
	static ReplicaState of(DatabasePosition position, Duration maxLag, Instant now) {
		if (!position.replica()) {
			return new ReplicaState(Condition.DOWN, position, "the replica is not in recovery (promoted?)", now);
		}
		if (position.lag() != null && position.lag().compareTo(maxLag) > 0) {
			return new ReplicaState(Condition.LAGGING, position,
					"the replica lags %d ms, more than the %d ms allowed".formatted(position.lag().toMillis(),
							maxLag.toMillis()),
					now);
		}
		return new ReplicaState(Condition.STREAMING, position, null, now);
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
