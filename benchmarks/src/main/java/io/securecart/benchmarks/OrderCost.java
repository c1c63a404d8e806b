package io.securecart.benchmarks;

import java.util.Map;
import java.util.Set;

/**
 * What one finished order asked of the emulator, sorted by what {@link BrokerCapacity} has a raw rate for: the
 * services' {@code securecart.aws.requests} over a phase, divided by the orders that finished in it.
 *
 * @param sqs SQS requests (send, receive, delete, queue attributes)
 * @param sns SNS publishes
 * @param putEvents EventBridge {@code PutEvents}
 * @param executions Step Functions executions started. An execution also costs the emulator what the services do
 * not send: its interpreter's work and a task message per step. The raw execution rate includes that, and the
 * worker's {@code SendTaskSuccess} and heartbeats, so those are not counted again here
 * @param other everything else (Kinesis reads, {@code ListExecutions}, ...), costed at the SQS rate
 */
record OrderCost(double sqs, double sns, double putEvents, double executions, double other) {

	/** What a workflow's worker sends back for its tasks: inside the raw execution rate. */
	private static final Set<String> TASK_ANSWERS = Set.of("sfn:SendTaskSuccess", "sfn:SendTaskFailure",
			"sfn:SendTaskHeartbeat");

	static OrderCost of(Map<String, Map<String, Double>> byService, double finished) {
		double sqs = 0;
		double sns = 0;
		double putEvents = 0;
		double executions = 0;
		double other = 0;
		for (Map<String, Double> operations : byService.values()) {
			for (Map.Entry<String, Double> counted : operations.entrySet()) {
				String operation = counted.getKey();
				double requests = counted.getValue();
				if (operation.startsWith("sqs:")) {
					sqs += requests;
				}
				else if (operation.startsWith("sns:")) {
					sns += requests;
				}
				else if (operation.equals("eventbridge:PutEvents")) {
					putEvents += requests;
				}
				else if (operation.equals("sfn:StartExecution")) {
					executions += requests;
				}
				else if (!TASK_ANSWERS.contains(operation)) {
					other += requests;
				}
			}
		}
		return new OrderCost(perOrder(sqs, finished), perOrder(sns, finished), perOrder(putEvents, finished),
				perOrder(executions, finished), perOrder(other, finished));
	}

	private static double perOrder(double requests, double finished) {
		return Stats.round(Stats.ratio(requests, finished));
	}
}
