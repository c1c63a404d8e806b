package io.securecart.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

/**
 * What the emulator serves when nothing else is asked of it, with the AWS SDK, on resources of its own that it
 * deletes afterwards:
 * <ul>
 * <li>SQS requests per second (send, receive and delete of single messages, from two threads at once);</li>
 * <li>SNS publishes per second (to a topic fanned out to two queues, about what an order event is);</li>
 * <li>EventBridge {@code PutEvents} per second (one event, to a bus with a rule it does not match: an ordinary
 * order's {@code OrderPlaced});</li>
 * <li>fulfilment workflows per second: executions of the declared {@code fulfillment} state machine's definition,
 * as provisioned, on a task queue of its own, every task answered at once by a worker that receives, answers with
 * {@code SendTaskSuccess} and deletes, as fulfillment-service does. The emulator's Step Functions interpreter and
 * its task messages are work no service request shows, about half of its time per order (benchmarks/measurements.md,
 * session 11).</li>
 * </ul>
 * The emulator's cost is per request, nearly whatever the request carries: a batch of ten costs about what one
 * message does.
 */
final class BrokerCapacity {

	/** Two: more clients do not get more out of moto (one Python process), they only take CPU from it. */
	private static final int THREADS = 2;

	/** Discarded before each measurement: the client's JIT warms up. */
	private static final Duration WARM_UP = Duration.ofSeconds(1);

	/** The workflow whose definition the probe runs, and the queue its tasks go to (infra/topology.json). */
	private static final String STATE_MACHINE = "fulfillment";

	private static final String TASK_QUEUE = "fulfillment-tasks";

	/**
	 * Executions the workflow probe keeps running at once. moto served the most with 16 (9.9 and 10.7 a second; 8.4
	 * with 8, 8.0 with 32, where its interpreter's threads share its lock more thinly), at 94 to 98 % of a core each
	 * time (2026-12-02). fulfillment-service admits up to 32.
	 */
	private static final int EXECUTIONS_IN_FLIGHT = 16;

	/** The workflow probe runs this many times as long as each request probe: an execution takes a while. */
	static final int WORKFLOW_DURATION_FACTOR = 3;

	private final URI endpoint;

	BrokerCapacity(int motoPort) {
		this.endpoint = URI.create("http://localhost:" + motoPort);
	}

	/**
	 * @param sqsRequestsPerSecond send + receive + delete requests per second
	 * @param snsPublishesPerSecond publishes per second, each delivered to two queues
	 * @param putEventsPerSecond EventBridge events put per second, one per request
	 * @param workflowsPerSecond fulfilment executions finished per second, every task answered at once
	 * @param workerSqsRequestsPerWorkflow the worker's SQS requests (receive, delete) per execution: already in the
	 * services' SQS requests when the pipeline's cost is added up
	 * @param seconds how long the measurements took, all together
	 */
	record Result(double sqsRequestsPerSecond, double snsPublishesPerSecond, double putEventsPerSecond,
			double workflowsPerSecond, double workerSqsRequestsPerWorkflow, double seconds) {

		/**
		 * The emulator's own time per workflow: one over the execution rate, less the worker's SQS requests at the
		 * raw SQS rate (the pipeline counts those with the services' SQS requests).
		 */
		double workflowSecondsOwn() {
			double own = 1 / workflowsPerSecond - workerSqsRequestsPerWorkflow / sqsRequestsPerSecond;
			return Double.isNaN(own) ? Double.NaN : Math.max(own, 0);
		}
	}

	Result measure(Duration each) {
		try (SqsClient sqs = client(SqsClient.builder()); SnsClient sns = client(SnsClient.builder());
				EventBridgeClient events = client(EventBridgeClient.builder());
				SfnClient sfn = client(SfnClient.builder())) {
			String run = UUID.randomUUID().toString().substring(0, 8);
			double sqsRate = sqsRequests(sqs, run, each);
			double snsRate = snsPublishes(sqs, sns, run, each);
			double putEventsRate = putEvents(events, run, each);
			Duration workflowDuration = each.multipliedBy(WORKFLOW_DURATION_FACTOR);
			WorkflowRate workflows = new WorkflowProbe(sqs, sfn, run).measure(workflowDuration);
			return new Result(sqsRate, snsRate, putEventsRate, workflows.perSecond(),
					workflows.workerSqsRequestsPerWorkflow(),
					each.multipliedBy(3).plus(workflowDuration).toMillis() / 1000.0);
		}
	}

	private <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
		return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials()).build();
	}

	private static double sqsRequests(SqsClient sqs, String run, Duration duration) {
		String queue = sqs.createQueue(request -> request.queueName("bench-raw-" + run)).queueUrl();
		try {
			LongAdder requests = new LongAdder();
			Runnable step = () -> {
				sqs.sendMessage(request -> request.queueUrl(queue).messageBody("{\"raw\":true}"));
				List<Message> received = sqs.receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(1))
					.messages();
				requests.add(2);
				for (Message message : received) {
					sqs.deleteMessage(request -> request.queueUrl(queue).receiptHandle(message.receiptHandle()));
					requests.increment();
				}
			};
			loop(WARM_UP, step);
			requests.reset();
			double seconds = loop(duration, step);
			return requests.sum() / seconds;
		}
		finally {
			sqs.deleteQueue(request -> request.queueUrl(queue));
		}
	}

	private static double snsPublishes(SqsClient sqs, SnsClient sns, String run, Duration duration) {
		String topic = sns.createTopic(request -> request.name("bench-raw-" + run)).topicArn();
		List<String> queues = new ArrayList<>();
		List<String> subscriptions = new ArrayList<>();
		try {
			for (int i = 1; i <= 2; i++) {
				String name = "bench-raw-" + run + "-" + i;
				String url = sqs.createQueue(request -> request.queueName(name)).queueUrl();
				queues.add(url);
				String arn = sqs.getQueueAttributes(request -> request.queueUrl(url)
					.attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
				subscriptions.add(sns.subscribe(request -> request.topicArn(topic)
					.protocol("sqs")
					.endpoint(arn)
					.attributes(Map.of("RawMessageDelivery", "true"))).subscriptionArn());
			}
			LongAdder publishes = new LongAdder();
			Runnable step = () -> {
				sns.publish(request -> request.topicArn(topic).message("{\"raw\":true}"));
				publishes.increment();
			};
			loop(WARM_UP, step);
			publishes.reset();
			double seconds = loop(duration, step);
			return publishes.sum() / seconds;
		}
		finally {
			subscriptions.forEach(arn -> sns.unsubscribe(request -> request.subscriptionArn(arn)));
			queues.forEach(url -> sqs.deleteQueue(request -> request.queueUrl(url)));
			sns.deleteTopic(request -> request.topicArn(topic));
		}
	}

	private static double putEvents(EventBridgeClient events, String run, Duration duration) {
		String bus = "bench-raw-" + run;
		String rule = bus + "-never";
		events.createEventBus(request -> request.name(bus));
		try {
			events.putRule(request -> request.eventBusName(bus)
				.name(rule)
				.eventPattern("{\"source\":[\"bench.never\"]}"));
			LongAdder put = new LongAdder();
			Runnable step = () -> {
				events.putEvents(request -> request.entries(entry -> entry.eventBusName(bus)
					.source("bench.raw")
					.detailType("OrderPlaced")
					.detail("{\"raw\":true}")));
				put.increment();
			};
			loop(WARM_UP, step);
			put.reset();
			double seconds = loop(duration, step);
			return put.sum() / seconds;
		}
		finally {
			events.deleteRule(request -> request.eventBusName(bus).name(rule));
			events.deleteEventBus(request -> request.name(bus));
		}
	}

	/**
	 * @param perSecond executions finished per second
	 * @param workerSqsRequestsPerWorkflow the worker's receives and deletes per execution
	 */
	record WorkflowRate(double perSecond, double workerSqsRequestsPerWorkflow) {
	}

	/**
	 * The declared fulfilment definition, as the emulator holds it, run as a state machine of the probe's own with its
	 * tasks sent to a queue of the probe's own: a starter keeps {@link #EXECUTIONS_IN_FLIGHT} executions running, and
	 * {@link #THREADS} workers answer every task at once. Executions still running at the end are stopped.
	 */
	private static final class WorkflowProbe {

		private final SqsClient sqs;

		private final SfnClient sfn;

		private final String run;

		private final Semaphore room = new Semaphore(EXECUTIONS_IN_FLIGHT);

		/** Order id → execution, until its last step is answered. */
		private final Map<String, String> running = new ConcurrentHashMap<>();

		private final LongAdder finished = new LongAdder();

		private final LongAdder workerRequests = new LongAdder();

		WorkflowProbe(SqsClient sqs, SfnClient sfn, String run) {
			this.sqs = sqs;
			this.sfn = sfn;
			this.run = run;
		}

		WorkflowRate measure(Duration duration) {
			String declaredArn = sfn.listStateMachinesPaginator(request -> request.maxResults(100))
				.stateMachines()
				.stream()
				.filter(machine -> machine.name().equals(STATE_MACHINE))
				.map(StateMachineListItem::stateMachineArn)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("The emulator has no state machine '" + STATE_MACHINE
						+ "': the workflow probe runs its declared definition (is the topology provisioned?)"));
			DescribeStateMachineResponse declared = sfn.describeStateMachine(request -> request.stateMachineArn(declaredArn));
			String declaredQueue = sqs.getQueueUrl(request -> request.queueName(TASK_QUEUE)).queueUrl();
			if (!declared.definition().contains(declaredQueue)) {
				throw new IllegalStateException("The definition of '" + STATE_MACHINE + "' does not send its tasks to "
						+ declaredQueue + ": the workflow probe cannot give it a task queue of its own");
			}
			String queue = sqs.createQueue(request -> request.queueName("bench-raw-" + run + "-tasks")).queueUrl();
			String machine = null;
			try {
				String definition = declared.definition().replace(declaredQueue, queue);
				machine = sfn.createStateMachine(request -> request.name("bench-raw-" + run)
					.roleArn(declared.roleArn())
					.definition(definition)).stateMachineArn();
				return run(machine, queue, duration);
			}
			finally {
				running.values().forEach(execution -> sfn.stopExecution(request -> request.executionArn(execution)));
				if (machine != null) {
					String created = machine;
					sfn.deleteStateMachine(request -> request.stateMachineArn(created));
				}
				sqs.deleteQueue(request -> request.queueUrl(queue));
			}
		}

		/**
		 * Starter and workers run until {@code end}, as {@link #loop} does; what finishes before {@code measured} is the
		 * warm-up and is not counted.
		 */
		private WorkflowRate run(String machine, String queue, Duration duration) {
			long measured = System.nanoTime() + WARM_UP.multipliedBy(2).toNanos();
			long end = measured + duration.toNanos();
			List<Future<?>> loops = new ArrayList<>();
			try (ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1)) {
				loops.add(threads.submit(() -> start(machine, end)));
				for (int i = 0; i < THREADS; i++) {
					loops.add(threads.submit(() -> answer(queue, measured, end)));
				}
			}
			// A worker or the starter that failed (a task answered too late, say) makes the figure meaningless.
			loops.forEach(Future::resultNow);
			double executions = finished.sum();
			return new WorkflowRate(executions / (duration.toNanos() / 1e9), workerRequests.sum() / executions);
		}

		/** Keeps {@link #EXECUTIONS_IN_FLIGHT} executions running: a new one as soon as one has finished. */
		private void start(String machine, long end) {
			int n = 0;
			try {
				while (room.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
					String orderId = UUID.randomUUID().toString();
					String input = "{\"orderId\":\"" + orderId + "\",\"traceparent\":\"none\"}";
					String name = "bench-raw-" + run + "-" + n++;
					running.put(orderId, sfn.startExecution(request -> request.stateMachineArn(machine)
						.name(name)
						.input(input)).executionArn());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void answer(String queue, long measured, long end) {
			while (System.nanoTime() < end) {
				List<Message> tasks = sqs.receiveMessage(request -> request.queueUrl(queue)
					.maxNumberOfMessages(10)
					.waitTimeSeconds(1)).messages();
				boolean counted = System.nanoTime() >= measured;
				if (counted) {
					workerRequests.increment();
				}
				if (tasks.isEmpty()) {
					continue;
				}
				for (Message task : tasks) {
					JsonNode body = Json.MAPPER.readTree(task.body());
					String step = body.path("step").asString();
					sfn.sendTaskSuccess(request -> request.taskToken(body.path("taskToken").asString())
						.output(output(step)));
					if (step.equals("Invoice")) {
						running.remove(body.path("input").path("orderId").asString(""));
						room.release();
						if (counted) {
							finished.increment();
						}
					}
				}
				sqs.deleteMessageBatch(request -> request.queueUrl(queue)
					.entries(tasks.stream()
						.map(task -> DeleteMessageBatchRequestEntry.builder()
							.id(task.messageId())
							.receiptHandle(task.receiptHandle())
							.build())
						.toList()));
				if (counted) {
					workerRequests.increment();
				}
			}
		}

		/** What fulfillment-service answers, in shape: ValidateOrder opens one shipment, the Map picks and packs it. */
		private static String output(String step) {
			return step.equals("ValidateOrder")
					? "{\"shipments\":[{\"shipmentId\":\"" + UUID.randomUUID() + "\",\"warehouse\":\"bench\"}]}"
					: "{}";
		}
	}

	/** Runs {@code step} on a few threads, again and again, for {@code duration}; returns the seconds it took. */
	private static double loop(Duration duration, Runnable step) {
		long started = System.nanoTime();
		long end = started + duration.toNanos();
		List<Future<?>> workers = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
			for (int i = 0; i < THREADS; i++) {
				workers.add(threads.submit(() -> {
					while (System.nanoTime() < end) {
						step.run();
					}
				}));
			}
		}
		workers.forEach(Future::resultNow);
		return (System.nanoTime() - started) / 1e9;
	}

	private static StaticCredentialsProvider credentials() {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
	}
}
