package io.securecart.benchmarks;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The arithmetic behind every figure in the reports. */
class StatsTest {

	@Test
	void percentilesAreNearestRank() {
		List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();

		assertThat(Stats.percentile(hundred, 50)).isEqualTo(50);
		assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
		assertThat(Stats.percentile(hundred, 100)).isEqualTo(100);
		assertThat(Stats.percentile(List.of(7L, 3L, 5L), 50)).as("unsorted input").isEqualTo(5);
		assertThat(Stats.percentile(List.of(42L), 99)).isEqualTo(42);
		assertThat(Stats.percentile(List.of(1L, 2L), 0)).isEqualTo(1);
	}

	@Test
	void aPercentileOfNothingIsNotANumber() {
		assertThat(Stats.percentile(List.of(), 99)).isNaN();
		assertThatThrownBy(() -> Stats.percentile(List.of(1L), 101)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aRateCountsTheEventsAfterTheFirstOverTheTimeTheyTook() {
		assertThat(Stats.rate(List.of(0L, 500L, 1000L))).isEqualTo(2.0);
		assertThat(Stats.rate(List.of(1000L))).isNaN();
		assertThat(Stats.rate(List.of(1000L, 1000L))).isNaN();
	}

	@Test
	void ratiosOfUnknownsAreUnknown() {
		assertThat(Stats.ratio(30, 10)).isEqualTo(3.0);
		assertThat(Stats.ratio(30, 0)).isNaN();
		assertThat(Stats.ratio(Double.NaN, 10)).isNaN();
	}

	@Test
	void tenthsCutASortedListInOrder() {
		List<Integer> hundred = IntStream.range(0, 100).boxed().toList();

		assertThat(Stats.firstTenth(hundred)).containsExactlyElementsOf(hundred.subList(0, 10));
		assertThat(Stats.lastTenth(hundred)).containsExactlyElementsOf(hundred.subList(90, 100));
		assertThat(Stats.tenths(hundred)).hasSize(10).allSatisfy(tenth -> assertThat(tenth).hasSize(10));
		assertThat(Stats.tenths(hundred).getLast()).containsExactlyElementsOf(hundred.subList(90, 100));
		assertThat(Stats.firstTenth(List.of(1, 2, 3))).as("at least two, to make a rate").containsExactly(1, 2);
		assertThat(Stats.tenths(List.of(1, 2, 3))).containsExactly(List.of(1), List.of(2), List.of(3));
	}

	@Test
	void roundsForAReader() {
		assertThat(Stats.round(3.14159)).isEqualTo(3.142);
		assertThat(Stats.round(123.456)).isEqualTo(123.5);
		assertThat(Stats.round(12345.6)).isEqualTo(12346);
		assertThat(Stats.round(Double.NaN)).isNaN();
	}
}
