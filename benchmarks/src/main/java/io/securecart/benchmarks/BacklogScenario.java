package io.securecart.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backlog: orders placed while payment-service is stopped wait in {@code orders.fifo}; then payment-service starts,
 * and the pipeline works them off. Does it slow down as it goes (a broker whose cost grows with the queue), or keep
 * its pace? Compared: the rate at which the last tenth of the orders finished against the second tenth (issue 17's
 * figure: the first tenth includes payment-service's warm-up) and against the first.
 */
final class BacklogScenario {

	private static final Logger log = LoggerFactory.getLogger(BacklogScenario.class);

	/**
	 * @param orders placed while payment-service was stopped
	 * @param accepted of which accepted (all, when checkout does not depend on payment)
	 * @param paymentRestartSeconds from {@code ./securecart up} to payment-service UP
	 * @param finished orders that finished
	 * @param drainSeconds from the first order finished to the last
	 * @param ordersPerSecond finished per second over the whole drain
	 * @param firstTenthPerSecond the rate over the first tenth of the finished orders
	 * @param lastTenthPerSecond the rate over the last tenth
	 * @param lastToFirstRatio the last tenth's rate divided by the first's: 1 keeps pace, below 1 slows down
	 * @param lastToSecondRatio the last tenth's rate divided by the second's, past the warm-up: the same reading
	 * @param tenthsPerSecond the rate over each tenth of the finished orders, in order: the first ones include
	 * payment-service's warm-up (a JVM just started)
	 * @param awsRequestsPerOrder all services' AWS requests per finished order, from the first order placed to the
	 * last one finished (payment-service's since it started): the cost of an order under a full queue
	 * @param sqsRequestsPerOrder of which to SQS
	 * @param snsRequestsPerOrder of which to SNS
	 * @param cost per finished order, by what the emulator's raw capacity is measured in
	 */
	record Result(int orders, long accepted, double paymentRestartSeconds, long finished, double drainSeconds,
			double ordersPerSecond, double firstTenthPerSecond, double lastTenthPerSecond, double lastToFirstRatio,
			double lastToSecondRatio, List<Double> tenthsPerSecond, double awsRequestsPerOrder,
			double sqsRequestsPerOrder, double snsRequestsPerOrder, OrderCost cost) {
	}

	/**
	 * How long the drain may take beyond the profile's drain timeout: a pipeline that finishes fewer than four orders
	 * a second is reported unfinished rather than waited for (10,000 orders: 42 minutes).
	 */
	private static final Duration DRAIN_PER_ORDER = Duration.ofMillis(250);

	private final Run run;

	BacklogScenario(Run run) {
		this.run = run;
	}

	Result run() {
		Profile profile = run.profile();
		int seconds = (int) Math.ceil(profile.backlogOrders() / profile.backlogRate());
		log.info("backlog: stopping payment-service, then {} orders in {} s", profile.backlogOrders(), seconds);
		run.stack().stop("payment");
		Map<String, Map<String, Double>> awsBefore = run.awsRequests().snapshot();
		List<Sample> samples = run.placeOrders("backlog", profile.backlogRate(), seconds, false);
		List<UUID> accepted = Run.accepted(samples);
		log.info("backlog: {} orders waiting; starting payment-service", accepted.size());
		double restart = SlowPaymentScenario.seconds(run.startMissing());
		Duration drainTimeout = DRAIN_PER_ORDER.multipliedBy(accepted.size());
		if (drainTimeout.compareTo(profile.drainTimeout()) < 0) {
			drainTimeout = profile.drainTimeout();
		}
		List<Long> finishedAt = run.awaitFinished(accepted, drainTimeout)
			.stream()
			.flatMap(outcome -> outcome.terminalAt().stream())
			.map(Instant::toEpochMilli)
			.sorted()
			.toList();
		Map<String, Map<String, Double>> aws = AwsRequests.difference(awsBefore, run.awsRequests().snapshot());
		double requests = aws.values().stream().mapToDouble(AwsRequests::total).sum();
		double first = Stats.rate(Stats.firstTenth(finishedAt));
		double last = Stats.rate(Stats.lastTenth(finishedAt));
		List<Double> tenths = Stats.tenths(finishedAt).stream().map(Stats::rate).toList();
		double second = tenths.size() < 2 ? Double.NaN : tenths.get(1);
		double drainSeconds = finishedAt.size() < 2 ? Double.NaN
				: (finishedAt.getLast() - finishedAt.getFirst()) / 1000.0;
		Result result = new Result(samples.size(), accepted.size(), restart, finishedAt.size(),
				Stats.round(drainSeconds), Stats.round(Stats.rate(finishedAt)), Stats.round(first),
				Stats.round(last), Stats.round(Stats.ratio(last, first)), Stats.round(Stats.ratio(last, second)),
				tenths.stream().map(Stats::round).toList(),
				Stats.round(Stats.ratio(requests, finishedAt.size())),
				Stats.round(Stats.ratio(AwsRequests.totalOf(aws, "sqs"), finishedAt.size())),
				Stats.round(Stats.ratio(AwsRequests.totalOf(aws, "sns"), finishedAt.size())),
				OrderCost.of(aws, finishedAt.size()));
		log.info("  {} of {} finished, drained in {} s: {} orders/s; the last tenth at x{} the second tenth's rate"
				+ " (x{} the first's)", result.finished(), result.accepted(), result.drainSeconds(),
				result.ordersPerSecond(), result.lastToSecondRatio(), result.lastToFirstRatio());
		return result;
	}
}
