package io.securecart.inventory.stock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import io.securecart.platform.messaging.BoundedCalls;
import io.securecart.platform.messaging.MessagingDestinations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * How many receives SQS gives a message of a queue before it moves it to the dead-letter queue: the
 * {@code maxReceiveCount} of the queue's RedrivePolicy, as the broker has it, as payment-service's listeners tell a
 * last receive. Read from the broker, not copied from the topology: a lab or an operator changes it live, and what
 * counts is what SQS does. Asked only for a message that fails for good (a payment not for its lines), so an answer
 * is kept for {@link #KEPT_FOR} per queue; a failed read is not kept.
 */
@Component
class ReceiveLimits {

	private static final Logger log = LoggerFactory.getLogger(ReceiveLimits.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One small request, made while a message is in hand: well inside its visibility timeout. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

	static final Duration KEPT_FOR = Duration.ofMinutes(1);

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	private final Clock clock;

	private final Map<String, Read> reads = new ConcurrentHashMap<>();

	ReceiveLimits(SqsAsyncClient sqs, MessagingDestinations destinations, Clock clock) {
		this.sqs = sqs;
		this.destinations = destinations;
		this.clock = clock;
	}

	/**
	 * The queue's {@code maxReceiveCount}, as read within {@link #KEPT_FOR}, or from the broker now; empty when it has
	 * no dead-letter queue or the broker did not say.
	 */
	OptionalInt maxReceiveCount(String queue) {
		Instant now = clock.instant();
		Read kept = reads.get(queue);
		if (kept != null && now.isBefore(kept.at().plus(KEPT_FOR))) {
			return kept.maxReceiveCount();
		}
		Optional<OptionalInt> read = readFromTheBroker(queue);
		read.ifPresent(maxReceiveCount -> reads.put(queue, new Read(maxReceiveCount, now)));
		return read.orElse(OptionalInt.empty());
	}

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
		try {
			if (policy == null || policy.isBlank()) {
				return Optional.of(OptionalInt.empty());
			}
			JsonNode maxReceiveCount = JSON.readTree(policy).path("maxReceiveCount");
			// SQS answers it as a number; a policy written by hand may hold it as a string.
			int max = maxReceiveCount.isNumber() ? maxReceiveCount.asInt()
					: Integer.parseInt(maxReceiveCount.asString("0").trim());
			return Optional.of(max > 0 ? OptionalInt.of(max) : OptionalInt.empty());
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the maxReceiveCount of {}'s redrive policy: {}", queue, ex.toString());
			return Optional.of(OptionalInt.empty());
		}
	}

	private record Read(OptionalInt maxReceiveCount, Instant at) {
	}
}
