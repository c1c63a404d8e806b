package io.securecart.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The arithmetic of the reports, kept in one place and unit-tested: percentiles, rates and ratios. */
final class Stats {

	private Stats() {
	}

	/**
	 * The {@code p}-th percentile (0 to 100) by the nearest-rank method: the smallest value that at least {@code p}
	 * percent of the values are less than or equal to. {@code NaN} for no values.
	 */
	static double percentile(Collection<? extends Number> values, double p) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		if (p < 0 || p > 100) {
			throw new IllegalArgumentException("percentile must be between 0 and 100, was " + p);
		}
		List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(rank, 1) - 1);
	}

	/** {@code count} events over {@code seconds}; {@code NaN} when no time passed. */
	static double perSecond(long count, double seconds) {
		return seconds > 0 ? count / seconds : Double.NaN;
	}

	/** {@code value / reference}, {@code NaN} when the reference is zero or unknown. */
	static double ratio(double value, double reference) {
		return reference == 0 || Double.isNaN(reference) || Double.isNaN(value) ? Double.NaN : value / reference;
	}

	/**
	 * The rate at which events happened between the first and the last of {@code sortedMillis} (epoch ms, sorted):
	 * the events after the first, divided by the time they took. {@code NaN} for fewer than two events or no time.
	 */
	static double rate(List<Long> sortedMillis) {
		if (sortedMillis.size() < 2) {
			return Double.NaN;
		}
		double seconds = (sortedMillis.getLast() - sortedMillis.getFirst()) / 1000.0;
		return perSecond(sortedMillis.size() - 1, seconds);
	}

	/** The first tenth of {@code sorted} (at least two, when there are two). */
	static <T> List<T> firstTenth(List<T> sorted) {
		return sorted.subList(0, Math.min(sorted.size(), tenth(sorted.size())));
	}

	/** The last tenth of {@code sorted} (at least two, when there are two). */
	static <T> List<T> lastTenth(List<T> sorted) {
		return sorted.subList(Math.max(0, sorted.size() - tenth(sorted.size())), sorted.size());
	}

	/** {@code sorted} cut into ten consecutive parts as equal as can be (fewer when there are fewer than ten). */
	static <T> List<List<T>> tenths(List<T> sorted) {
		List<List<T>> tenths = new ArrayList<>();
		int parts = Math.min(10, sorted.size());
		for (int i = 0; i < parts; i++) {
			tenths.add(sorted.subList(i * sorted.size() / parts, (i + 1) * sorted.size() / parts));
		}
		return tenths;
	}

	private static int tenth(int size) {
		return Math.max(2, (int) Math.round(size / 10.0));
	}

	/** Rounds for a report: 3 significant decimals below 10, 1 decimal below 1000, whole numbers above. */
	static double round(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return value;
		}
		double magnitude = Math.abs(value);
		double scale = magnitude < 10 ? 1000 : magnitude < 1000 ? 10 : 1;
		return Math.round(value * scale) / scale;
	}
}
