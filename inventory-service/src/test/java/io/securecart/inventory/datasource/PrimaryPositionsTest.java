package io.securecart.inventory.datasource;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How long ago the primary had WAL that the replica has not replayed. */
class PrimaryPositionsTest {

	private final Instant start = Instant.parse("2026-12-06T12:00:00Z");

	private final PrimaryPositions positions = new PrimaryPositions();

	@Test
	void nothingRememberedTellsNothing() {
		assertThat(positions.behind(Lsn.of("0/100"), start)).isNull();
	}

	@Test
	void aReplicaThatReplayedEveryPositionIsNotBehind() {
		positions.record(Lsn.of("0/100"), start);
		positions.record(Lsn.of("0/200"), start.plusSeconds(1));

		assertThat(positions.behind(Lsn.of("0/200"), start.plusSeconds(60))).isZero();
	}

	@Test
	void aReplicaStuckAtAPositionIsBehindSinceThePrimaryFirstWrotePastIt() {
		positions.record(Lsn.of("0/100"), start);
		positions.record(Lsn.of("0/200"), start.plusSeconds(1));
		positions.record(Lsn.of("0/200"), start.plusSeconds(2)); // an idle primary: the first sighting counts
		positions.record(Lsn.of("0/300"), start.plusSeconds(3));

		assertThat(positions.behind(Lsn.of("0/100"), start.plusSeconds(40))).isEqualTo(Duration.ofSeconds(39));
		assertThat(positions.behind(Lsn.of("0/250"), start.plusSeconds(40))).isEqualTo(Duration.ofSeconds(37));
	}

	@Test
	void anIdlePrimaryDoesNotMakeACurrentReplicaLag() {
		positions.record(Lsn.of("0/100"), start);
		positions.record(Lsn.of("0/100"), start.plusSeconds(3600));

		assertThat(positions.behind(Lsn.of("0/100"), start.plusSeconds(3600))).isZero();
	}

	@Test
	void aPrimaryWhosePositionWentBackwardsStartsOver() {
		positions.record(Lsn.of("0/900"), start);
		positions.record(Lsn.of("0/A00"), start.plusSeconds(1));
		// a failover to a replica that had replayed 0/500: the new primary writes on from there
		positions.record(Lsn.of("0/500"), start.plusSeconds(2));
		positions.record(Lsn.of("0/600"), start.plusSeconds(3));

		assertThat(positions.behind(Lsn.of("0/600"), start.plusSeconds(60))).as("the old history's positions are gone")
			.isZero();
	}

	@Test
	void afterStartingOverTheNewHistoryJudgesTheReplica() {
		positions.record(Lsn.of("0/900"), start);
		positions.record(Lsn.of("0/500"), start.plusSeconds(2));
		positions.record(Lsn.of("0/600"), start.plusSeconds(3));

		assertThat(positions.behind(Lsn.of("0/550"), start.plusSeconds(60))).isEqualTo(Duration.ofSeconds(57));
	}

	@Test
	void manySamplesKeepTheOldestNotReplayed() {
		for (int i = 1; i <= PrimaryPositions.MAX_SAMPLES * 3; i++) {
			positions.record(new Lsn(i), start.plusSeconds(i));
		}

		assertThat(positions.behind(new Lsn(0), start.plusSeconds(10_000))).isEqualTo(Duration.ofSeconds(9_999));
	}
}
