package io.securecart.inventory.datasource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LsnTest {

	@Test
	void readsAndWritesPostgresqlsTextForm() {
		Lsn lsn = Lsn.of("16/B374D848");

		assertThat(lsn.value()).isEqualTo(0x16_B374_D848L);
		assertThat(lsn).hasToString("16/B374D848");
		assertThat(Lsn.of("0/3000148")).hasToString("0/3000148");
		assertThat(Lsn.of("0/a")).isEqualTo(Lsn.of("0/A"));
	}

	@Test
	void ordersAsTheLogGrowsAcrossTheHalvesAndTheSignBit() {
		assertThat(Lsn.of("1/0")).isGreaterThan(Lsn.of("0/FFFFFFFF"));
		assertThat(Lsn.of("0/3000148").isAtLeast(Lsn.of("0/3000148"))).isTrue();
		assertThat(Lsn.of("0/3000147").isAtLeast(Lsn.of("0/3000148"))).isFalse();
		// The top half above 7FFFFFFF makes the long negative: still later in the log.
		assertThat(Lsn.of("FFFFFFFF/0")).isGreaterThan(Lsn.of("7FFFFFFF/FFFFFFFF"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "yesterday", "16", "16/", "/1", "G/1", "123456789/0", "0/3000148/1", "-1/0" })
	void refusesWhatIsNoWalPosition(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.of(text)).withMessageContaining("WAL position");
	}
}
