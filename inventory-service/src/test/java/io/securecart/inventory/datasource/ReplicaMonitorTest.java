package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.securecart.inventory.datasource.ReplicaState.Condition;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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

	private RuntimeException primaryTimelineFailure;

	private Long replicaTimeline = 1L;

	private RuntimeException replicaTimelineFailure;

	/** Stubbed once: stubbing single() again would call the answer stubbed before, which may throw. */
	@BeforeEach
	void databasesAnswerAsSet() {
		when(primary.sql(anyString()).query(String.class).single()).thenAnswer(invocation -> {
			if (primaryFailure != null) {
				throw primaryFailure;
			}
			clock.advance(primaryWait);
			return primaryPosition;
		});
		when(primary.sql(anyString()).query(Long.class).single()).thenAnswer(invocation -> {
			if (primaryTimelineFailure != null) {
				throw primaryTimelineFailure;
			}
			return primaryTimeline;
		});
		when(replica.sql(anyString()).query(Long.class).single()).thenAnswer(invocation -> {
			if (replicaTimelineFailure != null) {
				throw replicaTimelineFailure;
			}
			return replicaTimeline;
		});
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

	/**
	 * A replica's control file never names a timeline it has not received, so one on a newer timeline than the
	 * primary's is not a late follower: it replays a history the primary never wrote (the primary's endpoint names
	 * another cluster now, one restored from a backup, say), and its positions compared with that cluster's mean
	 * nothing.
	 */
	@Test
	void aReplicaOnANewerTimelineThanThePrimaryIsLagging() {
		replicaAt("0/100");
		replicaOnTimeline(3L);
		primaryAnswers("0/100", Duration.ZERO);
		primaryTimeline = 2L;
		monitor.probe();

		assertThat(monitor.state().condition()).as("positions alone would pass it").isEqualTo(Condition.LAGGING);
		assertThat(monitor.state().problem()).contains("timeline 3", "timeline 2", "has not written");
	}

	/**
	 * Were it kept for ever, a primary whose timeline reads keep failing while its positions read, and whose endpoint
	 * moves to a cluster on a lower timeline, would keep the replica following that cluster LAGGING for ever.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aFailedPrimaryTimelineReadKeepsTheLastOneForMaxLagThenForgetsIt(CapturedOutput output) {
		replicaAt("0/100");
		replicaOnTimeline(1L);
		primaryAnswers("0/100", Duration.ZERO);
		primaryTimeline = 2L;
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.LAGGING);

		primaryTimelineFailure = new QueryTimeoutException("permission denied for function pg_walfile_name");
		clock.advance(MAX_LAG);
		monitor.probe();
		assertThat(monitor.state().condition()).as("the last timeline read, max-lag ago, still counts")
			.isEqualTo(Condition.LAGGING);
		assertThat(monitor.state().problem()).contains("timeline 2");

		clock.advance(Duration.ofSeconds(1));
		monitor.probe();
		assertThat(monitor.state().condition()).as("forgotten: judged by its positions, which keep up")
			.isEqualTo(Condition.STREAMING);

		assertThat(linesWith(output, "The primary's timeline could not be read")).as("once per outage")
			.singleElement()
			.asString()
			.contains("WARN", "pg_walfile_name");
		primaryTimelineFailure = null;
		monitor.probe();
		assertThat(monitor.state().condition()).as("read again").isEqualTo(Condition.LAGGING);
		assertThat(linesWith(output, "The primary's timeline is read again")).singleElement()
			.asString()
			.contains("INFO");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aTimelineThatCannotBeReadLeavesTheReplicaJudgedByItsPositions(CapturedOutput output) {
		replicaAt("0/100");
		replicaOnTimeline(1L);
		primaryAnswers("0/100", Duration.ZERO);
		primaryTimeline = 2L;
		monitor.probe();
		assertThat(monitor.state().condition()).as("judged by its timeline while it reads")
			.isEqualTo(Condition.LAGGING);

		replicaTimelineFailure = new QueryTimeoutException("permission denied for function pg_control_checkpoint");
		monitor.probe();
		monitor.probe();
		assertThat(monitor.state().condition()).as("by its positions, which keep up").isEqualTo(Condition.STREAMING);
		assertThat(linesWith(output, "The replica's timeline could not be read")).as("said once, not at every probe")
			.singleElement()
			.asString()
			.contains("WARN", "pg_control_checkpoint");

		replicaOnTimeline(2L);
		monitor.probe();
		assertThat(monitor.state().condition()).isEqualTo(Condition.STREAMING);
		assertThat(linesWith(output, "The replica's timeline is read again")).singleElement()
			.asString()
			.contains("INFO");
	}

	private static List<String> linesWith(CapturedOutput output, String text) {
		return output.getAll().lines().filter(line -> line.contains(text)).toList();
	}

	private void replicaOnTimeline(Long timeline) {
		replicaTimelineFailure = null;
		replicaTimeline = timeline;
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
