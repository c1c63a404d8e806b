package io.securecart.stockalerts;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StockLevelsTest {

	private static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");

	private final StockLevels levels = new StockLevels(5);

	@Test
	void announcesAFallThroughTheLowStockThreshold() {
		assertThat(levels.crossing(change(6, 5))).hasValueSatisfying(crossing -> {
			assertThat(crossing.previous()).isEqualTo(Level.IN_STOCK);
			assertThat(crossing.current()).isEqualTo(Level.LOW);
			assertThat(crossing.available()).isEqualTo(5);
			assertThat(crossing.lowStockThreshold()).isEqualTo(5);
			assertThat(crossing.backInStock()).isFalse();
		});
		assertThat(levels.crossing(change(12, 2))).map(StockLevelChanged::current).contains(Level.LOW);
	}

	@Test
	void announcesRunningOutAndComingBack() {
		assertThat(levels.crossing(change(3, 0))).hasValueSatisfying(crossing -> {
			assertThat(crossing.current()).isEqualTo(Level.OUT_OF_STOCK);
			assertThat(crossing.backInStock()).isFalse();
		});
		assertThat(levels.crossing(change(0, 2))).hasValueSatisfying(crossing -> {
			assertThat(crossing.previous()).isEqualTo(Level.OUT_OF_STOCK);
			assertThat(crossing.current()).isEqualTo(Level.LOW);
			assertThat(crossing.backInStock()).isTrue();
		});
		assertThat(levels.crossing(change(0, 40))).hasValueSatisfying(crossing -> {
			assertThat(crossing.current()).isEqualTo(Level.IN_STOCK);
			assertThat(crossing.backInStock()).isTrue();
		});
	}

	@Test
	void announcesARecoveryAboveTheThresholdThatIsNotBackInStock() {
		assertThat(levels.crossing(change(5, 6))).hasValueSatisfying(crossing -> {
			assertThat(crossing.previous()).isEqualTo(Level.LOW);
			assertThat(crossing.current()).isEqualTo(Level.IN_STOCK);
			assertThat(crossing.backInStock()).isFalse();
		});
	}

	@Test
	void staysSilentWhileTheStockStaysOnOneSideOfTheThreshold() {
		assertThat(levels.crossing(change(20, 6))).isEmpty();
		assertThat(levels.crossing(change(6, 20))).isEmpty();
		assertThat(levels.crossing(change(5, 1))).isEmpty();
		assertThat(levels.crossing(change(1, 5))).isEmpty();
		assertThat(levels.crossing(change(0, 0))).isEmpty();
	}

	@Test
	void derivesTheAnnouncementsIdFromTheChangeSoARetryAnnouncesTheSameEvent() {
		AvailableStockChanged change = change(6, 5);
		UUID first = levels.crossing(change).orElseThrow().eventId();

		assertThat(levels.crossing(change).orElseThrow().eventId()).isEqualTo(first).isNotEqualTo(change.eventId());
		assertThat(levels.crossing(change(6, 5)).orElseThrow().eventId()).isNotEqualTo(first);
	}

	@Test
	void refusesANegativeThreshold() {
		assertThatIllegalArgumentException().isThrownBy(() -> new StockLevels(-1));
	}

	private static AvailableStockChanged change(int before, int after) {
		return new AvailableStockChanged(UUID.randomUUID(), "SKU-1", before, after, NOW);
	}
}
