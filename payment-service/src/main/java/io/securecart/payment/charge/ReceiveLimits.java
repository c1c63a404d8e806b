package io.securecart.payment.charge;

import java.time.Duration;
import java.util.OptionalInt;

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
 * {@code maxReceiveCount} of the queue's RedrivePolicy, as the broker has it now. Read from the broker, not copied
 * from the topology: a lab or an operator changes it live (lab 3 lowers it to 1), and what counts is what SQS does.
 * Read only when asked, which is rare (an order the open circuit refused, ADR 42), so no answer goes stale.
 */
@Component
class ReceiveLimits {

	private static final Logger log = LoggerFactory.getLogger(ReceiveLimits.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One small request, made while a message is in hand: well inside its visibility timeout. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	ReceiveLimits(SqsAsyncClient sqs, MessagingDestinations destinations) {
		this.sqs = sqs;
		this.destinations = destinations;
	}

	/**
	 * Whether a failure now would send the message to the dead-letter queue: it has been received as often as the
	 * queue allows. {@code false} when that cannot be told (no redrive policy, the broker does not answer, no receive
	 * count): the message then fails as it always did, and comes back or goes to the dead-letter queue.
	 */
	boolean isLastReceive(Delivery delivery) {
		if (delivery.receiveCount() <= 0) {
			return false;
		}
		OptionalInt maxReceiveCount = maxReceiveCount(delivery.queue());
		return maxReceiveCount.isPresent() && delivery.receiveCount() >= maxReceiveCount.getAsInt();
	}

	/** The queue's {@code maxReceiveCount}; empty when it has no dead-letter queue or the broker did not say. */
	OptionalInt maxReceiveCount(String queue) {
		try {
			String policy = BoundedCalls.await(sqs.getQueueAttributes(request -> request
				.queueUrl(destinations.queueUrl(queue))
				.attributeNames(QueueAttributeName.REDRIVE_POLICY)), CALL_TIMEOUT, "SQS")
				.attributes()
				.get(QueueAttributeName.REDRIVE_POLICY);
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
			log.warn("Could not read the redrive policy of {}: {}", queue, ex.toString());
			return OptionalInt.empty();
		}
	}
}
