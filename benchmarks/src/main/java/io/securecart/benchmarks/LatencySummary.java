package io.securecart.benchmarks;

import java.util.List;

/**
 * The answers of one load phase: how many, how many failed, how long they took.
 *
 * @param requests sent
 * @param succeeded answered with the expected status
 * @param errorPercent the others, in percent (errors and no answer)
 * @param p50Ms median latency of all answers, failed ones included: a fast 503 is a fast answer
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param maxMs slowest
 * @param succeededPerSecond successful answers per second of load
 */
record LatencySummary(long requests, long succeeded, double errorPercent, double p50Ms, double p95Ms, double p99Ms,
		double maxMs, double succeededPerSecond) {

	static LatencySummary of(List<Sample> samples, int expectedStatus, double seconds) {
		List<Long> latencies = samples.stream().map(Sample::latencyMillis).toList();
		long succeeded = samples.stream().filter(sample -> sample.ok(expectedStatus)).count();
		double errors = samples.isEmpty() ? 0 : 100.0 * (samples.size() - succeeded) / samples.size();
		return new LatencySummary(samples.size(), succeeded, Stats.round(errors),
				Stats.round(Stats.percentile(latencies, 50)), Stats.round(Stats.percentile(latencies, 95)),
				Stats.round(Stats.percentile(latencies, 99)), Stats.round(Stats.percentile(latencies, 100)),
				Stats.round(Stats.perSecond(succeeded, seconds)));
	}
}
