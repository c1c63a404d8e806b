package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;

import io.securecart.inventory.datasource.ReplicaState.Condition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When catalog reads go to the replica, and when to the primary. */
class ReplicaStateTest {

	private static final Duration MAX_LAG = Duration.ofSeconds(30);

	private static final Lsn REPLAYED = Lsn.of("0/3000148");

	private final Instant now = Instant.parse("2026-12-06T12:00:00Z");

	@Test
	void aStandbyWithinTheLagLimitServesReads() {
		ReplicaState state = ReplicaState.of(new DatabasePosition(true, REPLAYED, Duration.ofMillis(40)), MAX_LAG,
				now);

		assertThat(state.condition()).isEqualTo(Condition.STREAMING);
		assertThat(state.servesReads()).isTrue();
		assertThat(state.lag()).isEqualTo(Duration.ofMillis(40));
		assertThat(state.problem()).isNull();
	}

	@Test
	void aStandbyExactlyAtTheLimitStillServesReads() {
		assertThat(ReplicaState.of(new DatabasePosition(true, REPLAYED, MAX_LAG), MAX_LAG, now).servesReads())
			.isTrue();
	}

	@Test
	void aStandbyBeyondTheLagLimitDoesNot() {
		ReplicaState state = ReplicaState.of(new DatabasePosition(true, REPLAYED, Duration.ofSeconds(31)), MAX_LAG,
				now);

		assertThat(state.condition()).isEqualTo(Condition.LAGGING);
		assertThat(state.servesReads()).isFalse();
		assertThat(state.problem()).contains("31000 ms").contains("30000 ms");
	}

	@Test
	void aStandbyWhoseLagIsNotKnownDoesNotServeReads() {
		ReplicaState state = ReplicaState.of(new DatabasePosition(true, REPLAYED, null), Duration.ZERO, MAX_LAG, now);

		assertThat(state.condition()).isEqualTo(Condition.LAGGING);
		assertThat(state.servesReads()).isFalse();
		assertThat(state.problem()).contains("cannot tell its lag");
	}

	@Test
	void aStandbyThatSaysItIsCurrentButHasNotReplayedWhatThePrimaryHadBeyondTheLimitLags() {
		// A stalled WAL receiver: everything received is replayed, so the replica reports 0.
		ReplicaState state = ReplicaState.of(new DatabasePosition(true, REPLAYED, Duration.ZERO),
				Duration.ofSeconds(31), MAX_LAG, now);

		assertThat(state.condition()).isEqualTo(Condition.LAGGING);
		assertThat(state.servesReads()).isFalse();
		assertThat(state.lag()).isEqualTo(Duration.ofSeconds(31));
		assertThat(state.problem()).contains("31000 ms").contains("not replayed WAL the primary wrote");
	}

	@Test
	void aStandbyBehindThePrimaryWithinTheLimitServesReadsAndShowsTheLargerLag() {
		ReplicaState state = ReplicaState.of(new DatabasePosition(true, REPLAYED, Duration.ofMillis(40)),
				Duration.ofSeconds(2), MAX_LAG, now);

		assertThat(state.condition()).isEqualTo(Condition.STREAMING);
		assertThat(state.lag()).isEqualTo(Duration.ofSeconds(2));
		assertThat(ReplicaState.of(new DatabasePosition(true, REPLAYED, Duration.ofSeconds(3)), Duration.ZERO,
				MAX_LAG, now)
			.lag()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aServerThatIsNoStandbyIsNoReplica() {
		ReplicaState state = ReplicaState.of(new DatabasePosition(false, null, Duration.ZERO), MAX_LAG, now);

		assertThat(state.condition()).isEqualTo(Condition.DOWN);
		assertThat(state.servesReads()).isFalse();
		assertThat(state.problem()).contains("not in recovery");
	}

	@Test
	void beforeTheFirstCheckReadsTryTheReplicaAndWhenDisabledOrDownTheyDoNot() {
		assertThat(ReplicaState.unknown(now).servesReads()).isTrue();
		assertThat(ReplicaState.disabled(now).servesReads()).isFalse();
		assertThat(ReplicaState.down("refused", now).servesReads()).isFalse();
		assertThat(ReplicaState.down("refused", now).lag()).isNull();
	}
}
