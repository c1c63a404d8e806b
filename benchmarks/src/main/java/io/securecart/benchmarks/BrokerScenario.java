package io.securecart.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How close the pipeline comes to what the broker itself can do. The emulator's raw capacity is measured in the same
 * run ({@link BrokerCapacity}); with the AWS requests an order costs that gives a ceiling in orders per second: the
 * emulator's time per order is its SQS requests divided by its SQS rate, plus its SNS publishes divided by its
 * publish rate. The pipeline's best throughput (the backlog drain, else the steady run), with the cost per order
 * measured in the same phase, is then a share of that ceiling.
 */
final class BrokerScenario {

	private static final Logger log = LoggerFactory.getLogger(BrokerScenario.class);

	/**
	 * @param sqsRequestsPerSecond the emulator's raw SQS rate (send, receive, delete)
	 * @param snsPublishesPerSecond its raw SNS rate (publish, fanned out to two queues)
	 * @param requestsPerOrder AWS requests per finished order, all services, in the phase the pipeline is measured by
	 * @param ceilingOrdersPerSecond the emulator's capacity in orders per second, at that cost
	 * @param pipelineOrdersPerSecond the best the pipeline did in this run
	 * @param pipelineMeasuredBy which scenario that was
	 * @param percentOfCeiling the pipeline's share of the ceiling
	 */
	record Result(double sqsRequestsPerSecond, double snsPublishesPerSecond, Double requestsPerOrder,
			Double ceilingOrdersPerSecond, Double pipelineOrdersPerSecond, String pipelineMeasuredBy,
			Double percentOfCeiling) {
	}

	private final Run run;

	BrokerScenario(Run run) {
		this.run = run;
	}

	Result run(SteadyScenario.Result steady, BacklogScenario.Result backlog) {
		log.info("broker: the emulator's raw capacity, {} s each for SQS and SNS",
				run.profile().brokerEach().toSeconds());
		BrokerCapacity.Result raw = new BrokerCapacity(run.stack().motoPort()).measure(run.profile().brokerEach());
		log.info("  {} SQS requests/s, {} SNS publishes/s", Stats.round(raw.sqsRequestsPerSecond()),
				Stats.round(raw.snsPublishesPerSecond()));
		if (steady == null) {
			return new Result(Stats.round(raw.sqsRequestsPerSecond()), Stats.round(raw.snsPublishesPerSecond()), null,
					null, null, null, null);
		}
		boolean fromBacklog = backlog != null && !Double.isNaN(backlog.ordersPerSecond())
				&& backlog.ordersPerSecond() > steady.pipeline().ordersPerSecond();
		double pipeline = fromBacklog ? backlog.ordersPerSecond() : steady.pipeline().ordersPerSecond();
		double ceiling = fromBacklog
				? ceiling(backlog.sqsRequestsPerOrder(), backlog.snsRequestsPerOrder(), raw.sqsRequestsPerSecond(),
						raw.snsPublishesPerSecond())
				: ceiling(steady.sqsRequestsPerOrder(), steady.snsRequestsPerOrder(), raw.sqsRequestsPerSecond(),
						raw.snsPublishesPerSecond());
		Result result = new Result(Stats.round(raw.sqsRequestsPerSecond()), Stats.round(raw.snsPublishesPerSecond()),
				fromBacklog ? backlog.awsRequestsPerOrder() : steady.awsRequestsPerOrderTotal(), Stats.round(ceiling),
				pipeline,
				fromBacklog ? "backlog drain" : "steady", Stats.round(100 * Stats.ratio(pipeline, ceiling)));
		log.info("  {} requests per order: ceiling {} orders/s; the pipeline did {} orders/s ({}), {} % of it",
				result.requestsPerOrder(), result.ceilingOrdersPerSecond(), pipeline, result.pipelineMeasuredBy(),
				result.percentOfCeiling());
		return result;
	}

	/** Orders per second the emulator could serve if it did nothing else: one over its time per order. */
	static double ceiling(double sqsPerOrder, double snsPerOrder, double sqsPerSecond, double snsPerSecond) {
		double secondsPerOrder = sqsPerOrder / sqsPerSecond + snsPerOrder / snsPerSecond;
		return secondsPerOrder > 0 ? 1 / secondsPerOrder : Double.NaN;
	}
}
