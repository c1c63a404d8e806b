package io.securecart.inventory.recommendation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The counts a recommendation shows: bands, never the exact number of customers. */
class AlsoBoughtTest {

	@Test
	void aCountIsShownAsTheLowerBoundOfItsBand() {
		assertThat(AlsoBought.band(5, 5)).isEqualTo(5);
		assertThat(AlsoBought.band(9, 5)).as("one more customer changes nothing shown").isEqualTo(5);
		assertThat(AlsoBought.band(10, 5)).isEqualTo(10);
		assertThat(AlsoBought.band(24, 5)).isEqualTo(10);
		assertThat(AlsoBought.band(25, 5)).isEqualTo(25);
		assertThat(AlsoBought.band(999, 5)).isEqualTo(500);
		assertThat(AlsoBought.band(1_999, 5)).isEqualTo(1_000);
		assertThat(AlsoBought.band(12_345, 5)).isEqualTo(12_000);
	}

	@Test
	void theFirstBandStartsAtTheThreshold() {
		assertThat(AlsoBought.band(1, 1)).isEqualTo(1);
		assertThat(AlsoBought.band(7, 1)).isEqualTo(1);
		assertThat(AlsoBought.band(12, 12)).isEqualTo(12);
		assertThat(AlsoBought.band(30, 12)).isEqualTo(25);
	}
}
