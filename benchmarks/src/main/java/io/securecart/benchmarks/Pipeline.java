package io.securecart.benchmarks;

import java.time.Instant;
import java.util.List;

/**
 * What became of the orders of a phase, from their timelines.
 *
 * @param orders accepted and followed
 * @param finished reached SHIPPED or CANCELLED
 * @param shipped reached SHIPPED
 * @param endToEndP50Ms {@code OrderPlaced} to the end, median
 * @param endToEndP99Ms 99th percentile
 * @param ordersPerSecond the pipeline's sustained throughput: finished orders per second, from the first order placed
 * to the last one finished
 */
record Pipeline(long orders, long finished, long shipped, double endToEndP50Ms, double endToEndP99Ms,
		double ordersPerSecond) {

	static Pipeline of(List<OrderOutcome> outcomes) {
		List<OrderOutcome> finished = outcomes.stream().filter(OrderOutcome::terminal).toList();
		List<Long> endToEnd = finished.stream()
			.map(outcome -> outcome.endToEnd().orElseThrow().toMillis())
			.toList();
		double throughput = Double.NaN;
		if (!finished.isEmpty()) {
			Instant first = finished.stream().map(OrderOutcome::placedAt).min(Instant::compareTo).orElseThrow();
			Instant last = finished.stream()
				.map(outcome -> outcome.terminalAt().orElseThrow())
				.max(Instant::compareTo)
				.orElseThrow();
			throughput = Stats.perSecond(finished.size(), (last.toEpochMilli() - first.toEpochMilli()) / 1000.0);
		}
		return new Pipeline(outcomes.size(), finished.size(), finished.stream().filter(OrderOutcome::shipped).count(),
				Stats.round(Stats.percentile(endToEnd, 50)), Stats.round(Stats.percentile(endToEnd, 99)),
				Stats.round(throughput));
	}
}
