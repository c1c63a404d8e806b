package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;

import io.securecart.inventory.datasource.ReplicaState.Condition;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The probe's reading of the primary, with the monitor's clock: when a position is stamped, and a failed read. */
class ReplicaMonitorTest {

	private static final Duration MAX_LAG = Duration.ofSeconds(30);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));

	private final JdbcClient replica = mock(JdbcClient.class, RETURNS_DEEP_STUBS);

	private final JdbcClient primary = mock(JdbcClient.class, RETURNS_DEEP_STUBS);

	private final ReplicaMonitor monitor = new ReplicaMonitor(replica, primary,
			new ReplicaDataSourceProperties(true, "unused", Duration.ofSeconds(1), MAX_LAG), clock);

	private String primaryPosition = "0/0";

	private Duration primaryWait = Duration.ZERO;

	private RuntimeException primaryFailure;

	private Long primaryTimeline;

	/** Stubbed once: stubbing single() again would call the answer stubbed before, which may throw. */
	@BeforeEach
	void primaryAnswersAsSet() {
		when(primary.sql(anyString()).query(String.class).single()).thenAnswer(invocation -> {
			if (primaryFailure != null) {
				throw primaryFailure;
			}
			clock.advance(primaryWait);
			return primaryPosition;
		});
		when(primary.sql(anyString()).query(Long.class).single()).thenAnswer(invocation -> primaryTimeline);
	}

	@Test
	void aPositionIsStampedWhenThePrimaryAnsweredNotBeforeTheWaitForAConnection() {
		replicaAt("0/100");
		primaryAnswers("0/100", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);

		// a busy pool: the answer comes after max-lag, and the replica has not replayed it yet (written just now)
		primaryAnswers("0/200", MAX_LAG.plusSeconds(5));
		monitor.probe();

		assertThat(monitor.state().condition()).as("a replica that keeps up is not judged by the pool's wait")
			.isEqualTo(Condition.STREAMING);
		assertThat(monitor.state().lag()).isZero();
	}

	@Test
	void aFailedPrimaryReadAddsNoSampleAndTheRememberedOnesKeepAgeing() {
		replicaAt("0/100");
		primaryAnswers("0/200", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);

		primaryFails(new QueryTimeoutException("canceling statement due to statement timeout"));
		monitor.probe();
		assertThat(monitor.state().condition()).as("judged by its own account and what was remembered")
			.isEqualTo(Condition.STREAMING);

		clock.advance(MAX_LAG.plusSeconds(1));
		monitor.probe();
		assertThat(monitor.state().condition()).as("0/200 has not been replayed for longer than max-lag")
			.isEqualTo(Condition.LAGGING);
	}

	@Test
	void aReplicaIsNotJudgedByItsOwnAccountOnceThePrimaryHasNotBeenReadForMaxLag() {
		replicaAt("0/200");
		primaryAnswers("0/200", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);

		primaryFails(new QueryTimeoutException("the probe's pool could not connect"));
		clock.advance(MAX_LAG.plusSeconds(1));
		monitor.probe();

		assertThat(monitor.state().condition())
			.as("it replayed all that was remembered and says lag 0, as a stalled receiver would")
			.isEqualTo(Condition.LAGGING);
		assertThat(monitor.state().problem()).contains("has not been read");

		primaryAnswers("0/200", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);
	}

	@Test
	void aReplicaLeftOnTheOldHistoryIsNotJudgedCurrentByTheNewOnesLowerPositions() {
		replicaAt("0/500");
		primaryAnswers("0/500", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);

		// a failover: the new primary's history forked below where this replica got to, which it never leaves
		primaryAnswers("0/100", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).as("ahead of the primary it follows: another history")
			.isEqualTo(Condition.LAGGING);

		// a replica that follows the new primary is judged as before
		replicaAt("0/100");
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);
	}

	/**
	 * A failover before this instance started: nothing went backwards under the monitor's eyes, and the replica, left
	 * on timeline 1, reports lag 0. Ahead of the new primary's position, or behind it by less than max-lag, its
	 * positions alone would pass it for current.
	 */
	@Test
	void aReplicaOnAnOlderTimelineThanThePrimaryIsLaggingFromTheFirstProbe() {
		replicaAt("0/500");
		replicaOnTimeline(1L);
		primaryAnswers("0/400", Duration.ZERO);
		primaryTimeline = 2L;
		monitor.probe();
		assertThat(monitor.state().condition()).as("ahead of the new primary").isEqualTo(Condition.LAGGING);
		assertThat(monitor.state().problem()).contains("timeline 1", "timeline 2");

		replicaAt("0/300");
		monitor.probe();
		assertThat(monitor.state().condition()).as("behind it, by less than max-lag").isEqualTo(Condition.LAGGING);

		// one that followed the failover names the new timeline from its first restartpoint on it
		replicaOnTimeline(2L);
		primaryAnswers("0/300", Duration.ZERO);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);
	}

	@Test
	void aTimelineThatCannotBeReadLeavesTheReplicaJudgedByItsPositions() {
		replicaAt("0/100");
		when(replica.sql(anyString()).query(Long.class).single()).thenThrow(new QueryTimeoutException("no answer"));
		primaryAnswers("0/100", Duration.ZERO);
		primaryTimeline = 2L;
		monitor.probe();

		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);
	}

	private void replicaOnTimeline(Long timeline) {
		when(replica.sql(anyString()).query(Long.class).single()).thenReturn(timeline);
	}

	@SuppressWarnings("unchecked")
	private void replicaAt(String replayed) {
		when(replica.sql(anyString()).query(any(RowMapper.class)).single())
			.thenReturn(new DatabasePosition(true, Lsn.of(replayed), Duration.ZERO));
	}

	/** The primary answers {@code position} after {@code wait} (for a connection, say) on the monitor's clock. */
	private void primaryAnswers(String position, Duration wait) {
		primaryFailure = null;
		primaryPosition = position;
		primaryWait = wait;
	}

	private void primaryFails(RuntimeException failure) {
		primaryFailure = failure;
	}
}
