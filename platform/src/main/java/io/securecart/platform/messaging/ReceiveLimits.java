package io.securecart.platform.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many receives SQS gives a message of a queue before it moves it to the dead-letter queue: the
 * {@code maxReceiveCount} of the queue's RedrivePolicy, as the broker has it. Read from the broker, not copied from
 * the topology: a lab or an operator changes it live (lab 3 lowers it to 1), and what counts is what SQS does.
 * <p>
 * For a listener that fails a message and must tell whether that receive was its last: payment's charges and refunds
 * the open circuit refuses (ADR 42) and inventory's payment not for its lines (ADR 44). Asked on the listener's
 * thread, while the pause of the listeners waits for that message: every message in hand when payment's circuit opens
 * asks at once, and a slow broker would hold each up to {@link #CALL_TIMEOUT}. So an answer is kept for
 * {@link #KEPT_FOR} per queue: a change on the broker is seen within a minute, and the broker is asked at most once a
 * minute per queue while the answer is kept. A failed read is not kept: the next refusal asks again.
 */
public class ReceiveLimits {

	private static final Logger log = LoggerFactory.getLogger(ReceiveLimits.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One small request, made while a message is in hand: well inside its visibility timeout. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

	/** How long a queue's answer is trusted: a live change (lab 3) shows within it, one read a minute at most. */
	static final Duration KEPT_FOR = Duration.ofMinutes(1);

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	private final Clock clock;

	/** The last answer read of each queue, and when. Two refusals racing on an empty entry may both ask: harmless. */
	private final Map<String, Read> reads = new ConcurrentHashMap<>();

	public ReceiveLimits(SqsAsyncClient sqs, MessagingDestinations destinations, Clock clock) {
		this.sqs = sqs;
		this.destinations = destinations;
		this.clock = clock;
	}

	/**
	 * Whether a failure now would send the message to the dead-letter queue: it has been received as often as the
	 * queue allows. {@code false} when that cannot be told (no redrive policy, the broker does not answer, no receive
	 * count): the message then fails as it always did, and comes back or goes to the dead-letter queue.
	 */
	public boolean isLastReceive(Delivery delivery) {
		if (delivery.receiveCount() <= 0) {
			return false;
		}
		OptionalInt maxReceiveCount = maxReceiveCount(delivery.queue());
		return maxReceiveCount.isPresent() && delivery.receiveCount() >= maxReceiveCount.getAsInt();
	}

	/**
	 * The queue's {@code maxReceiveCount}, as read within {@link #KEPT_FOR}, or from the broker now; empty when it has
	 * no dead-letter queue or the broker did not say.
	 */
	public OptionalInt maxReceiveCount(String queue) {
		Instant now = clock.instant();
		Read kept = reads.get(queue);
		if (kept != null && now.isBefore(kept.at().plus(KEPT_FOR))) {
			return kept.maxReceiveCount();
		}
		Optional<OptionalInt> read = readFromTheBroker(queue);
		read.ifPresent(maxReceiveCount -> reads.put(queue, new Read(maxReceiveCount, now)));
		return read.orElse(OptionalInt.empty());
	}

	/** Empty when the broker did not answer (nothing to keep); an empty count when the queue has no redrive policy. */
	private Optional<OptionalInt> readFromTheBroker(String queue) {
		String policy;
		try {
			policy = BoundedCalls.await(sqs.getQueueAttributes(request -> request
				.queueUrl(destinations.queueUrl(queue))
				.attributeNames(QueueAttributeName.REDRIVE_POLICY)), CALL_TIMEOUT, "SQS")
				.attributes()
				.get(QueueAttributeName.REDRIVE_POLICY);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the redrive policy of {}: {}", queue, ex.toString());
			return Optional.empty();
		}
		return Optional.of(parse(queue, policy));
	}

	private static OptionalInt parse(String queue, String policy) {
		try {
			if (policy == null || policy.isBlank()) {
				return OptionalInt.empty();
			}
			JsonNode maxReceiveCount = JSON.readTree(policy).path("maxReceiveCount");
			// SQS answers it as a number; a policy written by hand may hold it as a string.
			int max = maxReceiveCount.isNumber() ? maxReceiveCount.asInt()
					: Integer.parseInt(maxReceiveCount.asString("0").trim());
			return max > 0 ? OptionalInt.of(max) : OptionalInt.empty();
		}
		catch (RuntimeException ex) {
			// A policy the broker holds but this cannot read stays unreadable: kept like any answer.
			log.warn("Could not read the maxReceiveCount of {}'s redrive policy: {}", queue, ex.toString());
			return OptionalInt.empty();
		}
	}

	private record Read(OptionalInt maxReceiveCount, Instant at) {
	}
}
