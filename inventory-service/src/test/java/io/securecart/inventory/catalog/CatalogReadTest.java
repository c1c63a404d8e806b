package io.securecart.inventory.catalog;

import java.time.Duration;
import java.time.Instant;

import io.securecart.inventory.datasource.DatabasePosition;
import io.securecart.inventory.datasource.Lsn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers may serve a read that carries a consistency token. */
class CatalogReadTest {

	private static final Lsn TOKEN = Lsn.of("0/3000148");

	@Test
	void anAnswerFromAReplicaThatHadReplayedTheTokenReflectsIt() {
		assertThat(fromReplicaAt("0/3000148").reflects(TOKEN)).isTrue();
		assertThat(fromReplicaAt("0/4000000").reflects(TOKEN)).isTrue();
	}

	@Test
	void anAnswerFromAReplicaThatHadNotDoesNot() {
		assertThat(fromReplicaAt("0/3000147").reflects(TOKEN)).isFalse();
	}

	@Test
	void anAnswerFromThePrimaryPromisesNoPositionSoACachedOneNeverSatisfiesAToken() {
		CatalogRead<String> fromPrimary = new CatalogRead<>("mug", new DatabasePosition(false, null, Duration.ZERO),
				Instant.now());

		assertThat(fromPrimary.fromReplica()).isFalse();
		assertThat(fromPrimary.reflects(Lsn.of("0/1"))).isFalse();
	}

	@Test
	void mappingKeepsTheFreshness() {
		CatalogRead<String> read = fromReplicaAt("0/3000148");

		CatalogRead<Integer> mapped = read.map(String::length);

		assertThat(mapped.value()).isEqualTo(3);
		assertThat(mapped.position()).isEqualTo(read.position());
		assertThat(mapped.readAt()).isEqualTo(read.readAt());
	}

	private static CatalogRead<String> fromReplicaAt(String replayed) {
		return new CatalogRead<>("mug", new DatabasePosition(true, Lsn.of(replayed), Duration.ofMillis(5)),
				Instant.now());
	}
}
