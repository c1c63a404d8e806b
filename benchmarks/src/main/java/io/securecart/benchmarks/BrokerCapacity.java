package io.securecart.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the emulator serves when nothing else is asked of it, with the AWS SDK, on resources of its own that it
 * deletes afterwards: SQS requests per second (send, receive and delete of single messages, from two threads at
 * once) and SNS publishes per second (to a topic fanned out to two queues, about what an order event is). The
 * emulator's cost is per request, nearly whatever the request carries: a batch of ten costs about what one message
 * does.
 */
final class BrokerCapacity {

	/** Two: more clients do not get more out of moto (one Python process), they only take CPU from it. */
	private static final int THREADS = 2;

	/** Discarded before each measurement: the client's JIT warms up. */
	private static final Duration WARM_UP = Duration.ofSeconds(1);

	private final URI endpoint;

	BrokerCapacity(int motoPort) {
		this.endpoint = URI.create("http://localhost:" + motoPort);
	}

	/**
	 * @param sqsRequestsPerSecond send + receive + delete requests per second
	 * @param snsPublishesPerSecond publishes per second, each delivered to two queues
	 */
	record Result(double sqsRequestsPerSecond, double snsPublishesPerSecond, double seconds) {
	}

	Result measure(Duration each) {
		try (SqsClient sqs = SqsClient.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(credentials())
			.build();
				SnsClient sns = SnsClient.builder()
					.endpointOverride(endpoint)
					.region(Region.US_EAST_1)
					.credentialsProvider(credentials())
					.build()) {
			String run = UUID.randomUUID().toString().substring(0, 8);
			double sqsRate = sqsRequests(sqs, run, each);
			double snsRate = snsPublishes(sqs, sns, run, each);
			return new Result(sqsRate, snsRate, each.toMillis() / 1000.0 * 2);
		}
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
