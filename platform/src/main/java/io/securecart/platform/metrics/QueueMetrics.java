package io.securecart.platform.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.platform.messaging.BoundedCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The depth of every queue this service sends to or listens on, and of their dead-letter queues, as CloudWatch's
 * {@code AWS/SQS} metrics describe a queue: visible messages ({@code ApproximateNumberOfMessagesVisible}), in-flight
 * messages ({@code ApproximateNumberOfMessagesNotVisible}) and the age of the oldest message
 * ({@code ApproximateAgeOfOldestMessage}), tagged {@code queue} and {@code kind} ({@code queue} or
 * {@code dead-letter}).
 * <p>
 * The numbers belong to the queue, not to this service: every service that knows a queue reports it, so a queue whose
 * consumer is down is still measured by its producer (alarms take the maximum over reporters). Read from
 * {@code GetQueueAttributes}, which disturbs no consumer. SQS has no attribute for the oldest message's age (on AWS it
 * is a CloudWatch metric only, and receiving a message to read its {@code SentTimestamp} would count as a receive
 * towards the DLQ's {@code maxReceiveCount}); the local broker (infra/local/moto_fast.py) answers the attribute
 * {@value #AGE_ATTRIBUTE} from its own bookkeeping. A broker that refuses it (AWS, LocalStack) is not asked again,
 * and the gauge stays NaN: there the CloudWatch alarm reads CloudWatch's own metric (docs/adr/0007-metrics-and-alarms.md).
 */
public class QueueMetrics {

	public static final String VISIBLE = "securecart.queue.visible.messages";

	public static final String IN_FLIGHT = "securecart.queue.in.flight.messages";

	public static final String OLDEST_AGE = "securecart.queue.oldest.message.age";

	/** Not an SQS attribute: the local broker's stand-in for CloudWatch's metric of the same name. */
	static final String AGE_ATTRIBUTE = "ApproximateAgeOfOldestMessage";

	private static final String VISIBLE_ATTRIBUTE = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString();

	private static final String IN_FLIGHT_ATTRIBUTE = QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE
		.toString();

	private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

	private final SqsAsyncClient sqs;

	private final MeterRegistry registry;

	private final Supplier<List<MeasuredQueue>> queues;

	private final Duration callTimeout;

	private final Map<String, QueueDepth> depths = new ConcurrentHashMap<>();

	/** Gauges read {@link #depths}: registered once per queue, the first time it answers. */
	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private volatile boolean brokerKnowsAge = true;

	/**
	 * @param queues the queues to measure, with their URLs; asked again until it answers (the dead-letter queues are
	 * found from the broker)
	 */
	QueueMetrics(SqsAsyncClient sqs, MeterRegistry registry, Supplier<List<MeasuredQueue>> queues,
			Duration callTimeout) {
		this.sqs = sqs;
		this.registry = registry;
		this.queues = queues;
		this.callTimeout = callTimeout;
	}

	/** Reads every queue's attributes once; a queue that does not answer keeps its last numbers (NaN at first). */
	void sample() {
		for (MeasuredQueue queue : queues.get()) {
			try {
				depths.put(queue.name(), read(queue));
				if (registered.add(queue.name())) {
					register(queue);
				}
			}
			catch (RuntimeException ex) {
				log.debug("Could not read the attributes of {}: {}", queue.name(), ex.toString());
			}
		}
	}

	/**
	 * One request per queue: the two counts and, from a broker that serves it, the age. A broker that refuses the
	 * age (AWS answers {@code InvalidAttributeName} for the whole request) is asked for the counts alone, then and
	 * from then on.
	 */
	private QueueDepth read(MeasuredQueue queue) throws SqsException {
		if (brokerKnowsAge) {
			try {
				Map<String, String> attributes = attributes(queue, VISIBLE_ATTRIBUTE, IN_FLIGHT_ATTRIBUTE,
						AGE_ATTRIBUTE);
				// An empty queue has no oldest message: its age is 0, as in CloudWatch.
				double age = attributes.containsKey(AGE_ATTRIBUTE) ? number(attributes.get(AGE_ATTRIBUTE)) : 0;
				return depth(attributes, age);
			}
			catch (SqsException ex) {
				if (ex.awsErrorDetails() == null || !"InvalidAttributeName".equals(ex.awsErrorDetails().errorCode())) {
					throw ex;
				}
				brokerKnowsAge = false;
				log.info("The broker does not serve {} as a queue attribute (only the local emulator does); "
						+ "{} stays NaN here, use CloudWatch's metric", AGE_ATTRIBUTE, OLDEST_AGE);
			}
		}
		return depth(attributes(queue, VISIBLE_ATTRIBUTE, IN_FLIGHT_ATTRIBUTE), Double.NaN);
	}

	private Map<String, String> attributes(MeasuredQueue queue, String... names) {
		return join(sqs.getQueueAttributes(
				GetQueueAttributesRequest.builder().queueUrl(queue.url()).attributeNamesWithStrings(names).build()))
			.attributesAsStrings();
	}

	private static QueueDepth depth(Map<String, String> attributes, double oldestAgeSeconds) {
		return new QueueDepth(number(attributes.get(VISIBLE_ATTRIBUTE)), number(attributes.get(IN_FLIGHT_ATTRIBUTE)),
				oldestAgeSeconds);
	}

	private void register(MeasuredQueue queue) {
		String kind = queue.deadLetter() ? "dead-letter" : "queue";
		Gauge.builder(VISIBLE, () -> depth(queue.name()).visible())
			.description("Messages available for retrieval (CloudWatch: ApproximateNumberOfMessagesVisible)")
			.tags("queue", queue.name(), "kind", kind)
			.register(registry);
		Gauge.builder(IN_FLIGHT, () -> depth(queue.name()).inFlight())
			.description("Messages received but not yet deleted (CloudWatch: ApproximateNumberOfMessagesNotVisible)")
			.tags("queue", queue.name(), "kind", kind)
			.register(registry);
		Gauge.builder(OLDEST_AGE, () -> depth(queue.name()).oldestAgeSeconds())
			.description("Age of the oldest message in the queue (CloudWatch: ApproximateAgeOfOldestMessage)")
			.baseUnit("seconds")
			.tags("queue", queue.name(), "kind", kind)
			.register(registry);
	}

	private QueueDepth depth(String queue) {
		return depths.getOrDefault(queue, QueueDepth.UNKNOWN);
	}

	private <T> T join(java.util.concurrent.CompletableFuture<T> call) {
		return BoundedCalls.await(call, callTimeout, "SQS");
	}

	private static double number(String value) {
		return value == null ? Double.NaN : Double.parseDouble(value);
	}

	/** A queue to measure: its name, URL, and whether it is a dead-letter queue. */
	record MeasuredQueue(String name, String url, boolean deadLetter) {
	}

	private record QueueDepth(double visible, double inFlight, double oldestAgeSeconds) {

		static final QueueDepth UNKNOWN = new QueueDepth(Double.NaN, Double.NaN, Double.NaN);
	}
}
