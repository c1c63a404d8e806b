package io.securecart.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How close the pipeline comes to what the broker itself can do. The emulator's raw capacity is measured in the same
 * run ({@link BrokerCapacity}); with what an order costs it ({@link OrderCost}) that gives a ceiling in orders per
 * second: the emulator's time per order is its SQS requests over its SQS rate, its SNS publishes over its publish
 * rate, its EventBridge events over its PutEvents rate, and its fulfilment workflows over its workflow rate. The
 * pipeline's best throughput (the backlog drain, else the steady run), with the cost per order measured in the same
 * phase, is then a share of that ceiling.
 * <p>
 * Until 2026-12-02 the ceiling counted SQS and SNS only, and so missed about half of the emulator's time per order
 * (its Step Functions interpreter and task messages). That figure is still reported, to compare with earlier runs.
 */
final class BrokerScenario {

	private static final Logger log = LoggerFactory.getLogger(BrokerScenario.class);

	/**
	 * @param sqsRequestsPerSecond the emulator's raw SQS rate (send, receive, delete)
	 * @param snsPublishesPerSecond its raw SNS rate (publish, fanned out to two queues)
	 * @param putEventsPerSecond its raw EventBridge rate (one event per PutEvents)
	 * @param workflowsPerSecond its raw rate of fulfilment executions, every task answered at once
	 * @param workerSqsRequestsPerWorkflow the probe's worker's receives and deletes per execution
	 * @param requestsPerOrder AWS requests per finished order, all services, in the phase the pipeline is measured by
	 * @param cost what an order cost the emulator in that phase, by kind
	 * @param ceilingOrdersPerSecond the emulator's capacity in orders per second, at that cost
	 * @param workflowPercentOfEmulatorTime the fulfilment workflow's share of the emulator's time per order
	 * @param pipelineOrdersPerSecond the best the pipeline did in this run
	 * @param pipelineMeasuredBy which scenario that was
	 * @param percentOfCeiling the pipeline's share of the ceiling
	 * @param queuesAndTopicsCeiling the ceiling as computed before 2026-12-02, from SQS and SNS alone
	 * @param percentOfQueuesAndTopicsCeiling the pipeline's share of that
	 */
	record Result(double sqsRequestsPerSecond, double snsPublishesPerSecond, double putEventsPerSecond,
			double workflowsPerSecond, double workerSqsRequestsPerWorkflow, Double requestsPerOrder, OrderCost cost,
			Double ceilingOrdersPerSecond, Double workflowPercentOfEmulatorTime, Double pipelineOrdersPerSecond, String pipelineMeasuredBy, Double percentOfCeiling,
			Double queuesAndTopicsCeiling, Double percentOfQueuesAndTopicsCeiling) {
	}

	private final Run run;

	BrokerScenario(Run run) {
		this.run = run;
	}

	Result run(SteadyScenario.Result steady, BacklogScenario.Result backlog) {
		log.info("broker: the emulator's raw capacity, {} s each for SQS, SNS and EventBridge, {} s for workflows",
				run.profile().brokerEach().toSeconds(),
				run.profile().brokerEach().multipliedBy(BrokerCapacity.WORKFLOW_DURATION_FACTOR).toSeconds());
		BrokerCapacity.Result raw = new BrokerCapacity(run.stack().motoPort()).measure(run.profile().brokerEach());
		log.info("  {} SQS requests/s, {} SNS publishes/s, {} events/s, {} workflows/s",
				Stats.round(raw.sqsRequestsPerSecond()), Stats.round(raw.snsPublishesPerSecond()),
				Stats.round(raw.putEventsPerSecond()), Stats.round(raw.workflowsPerSecond()));
		if (steady == null) {
			return new Result(Stats.round(raw.sqsRequestsPerSecond()), Stats.round(raw.snsPublishesPerSecond()),
					Stats.round(raw.putEventsPerSecond()), Stats.round(raw.workflowsPerSecond()),
					Stats.round(raw.workerSqsRequestsPerWorkflow()), null, null, null, null, null, null, null, null,
					null);
		}
		boolean fromBacklog = backlog != null && !Double.isNaN(backlog.ordersPerSecond())
				&& backlog.ordersPerSecond() > steady.pipeline().ordersPerSecond();
		double pipeline = fromBacklog ? backlog.ordersPerSecond() : steady.pipeline().ordersPerSecond();
		OrderCost cost = fromBacklog ? backlog.cost() : steady.cost();
		double ceiling = ceiling(cost, raw);
		double queuesAndTopics = fromBacklog
				? ceiling(backlog.sqsRequestsPerOrder(), backlog.snsRequestsPerOrder(), raw.sqsRequestsPerSecond(),
						raw.snsPublishesPerSecond())
				: ceiling(steady.sqsRequestsPerOrder(), steady.snsRequestsPerOrder(), raw.sqsRequestsPerSecond(),
						raw.snsPublishesPerSecond());
		Result result = new Result(Stats.round(raw.sqsRequestsPerSecond()), Stats.round(raw.snsPublishesPerSecond()),
				Stats.round(raw.putEventsPerSecond()), Stats.round(raw.workflowsPerSecond()),
				Stats.round(raw.workerSqsRequestsPerWorkflow()),
				fromBacklog ? backlog.awsRequestsPerOrder() : steady.awsRequestsPerOrderTotal(), cost,
				Stats.round(ceiling),
				Stats.round(workflowPercent(cost, raw)), pipeline, fromBacklog ? "backlog drain" : "steady run",
				Stats.round(100 * Stats.ratio(pipeline, ceiling)), Stats.round(queuesAndTopics),
				Stats.round(100 * Stats.ratio(pipeline, queuesAndTopics)));
		log.info("  {} requests per order: ceiling {} orders/s; the pipeline did {} orders/s ({}), {} % of it"
				+ " ({} % of the ceiling from SQS and SNS alone, {} orders/s)", result.requestsPerOrder(),
				result.ceilingOrdersPerSecond(), pipeline, result.pipelineMeasuredBy(), result.percentOfCeiling(),
				result.percentOfQueuesAndTopicsCeiling(), result.queuesAndTopicsCeiling());
		return result;
	}

	/**
	 * Orders per second the emulator could serve if it did nothing else: one over its time per order. Requests of a
	 * kind it has no rate for are costed as SQS requests.
	 */
	static double ceiling(OrderCost cost, BrokerCapacity.Result raw) {
		double secondsPerOrder = (cost.sqs() + cost.other()) / raw.sqsRequestsPerSecond()
				+ cost.sns() / raw.snsPublishesPerSecond() + cost.putEvents() / raw.putEventsPerSecond()
				+ cost.executions() * raw.workflowSecondsOwn();
		return secondsPerOrder > 0 ? 1 / secondsPerOrder : Double.NaN;
	}

	/** The fulfilment workflow's share of the emulator's time per order, in percent. */
	static double workflowPercent(OrderCost cost, BrokerCapacity.Result raw) {
		return 100 * cost.executions() * raw.workflowSecondsOwn() * ceiling(cost, raw);
	}

	/** The ceiling from SQS and SNS alone, as computed before 2026-12-02. */
	static double ceiling(double sqsPerOrder, double snsPerOrder, double sqsPerSecond, double snsPerSecond) {
		double secondsPerOrder = sqsPerOrder / sqsPerSecond + snsPerOrder / snsPerSecond;
		return secondsPerOrder > 0 ? 1 / secondsPerOrder : Double.NaN;
	}
}
