package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.OptionalLong;

import io.securecart.contracts.MessagingNames;
import io.securecart.platform.messaging.BoundedCalls;
import io.securecart.platform.messaging.MessagingDestinations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import org.springframework.stereotype.Component;

/**
 * How many steps wait in {@code fulfillment-tasks} for a worker: SQS's {@code ApproximateNumberOfMessages}, the
 * messages no worker holds (those a worker holds are {@code NotVisible}, and wait on no one). Every instance's and
 * every execution's, whatever put them there: parcels picked at once, retries of timed-out tasks, another instance's
 * orders. One {@code GetQueueAttributes}, asked by the admission once per count ({@link FulfillmentAdmission#admit()}),
 * never per message (issue 17's budget of requests per order).
 */
@Component
class WaitingSteps {

	private static final Logger log = LoggerFactory.getLogger(WaitingSteps.class);

	/** Asked on the admission's thread, every second under load: a broker slower than this is read as unknown. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	private volatile boolean failing;

	WaitingSteps(SqsAsyncClient sqs, MessagingDestinations destinations) {
		this.sqs = sqs;
		this.destinations = destinations;
	}

	/** The steps waiting now; empty when SQS did not say (the admission then bounds executions only, as before). */
	OptionalLong read() {
		try {
			String waiting = BoundedCalls.await(sqs.getQueueAttributes(request -> request
				.queueUrl(destinations.queueUrl(MessagingNames.FULFILLMENT_TASKS_QUEUE))
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)), CALL_TIMEOUT, "SQS")
				.attributes()
				.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
			if (failing) {
				failing = false;
				log.info("Reading the steps waiting in {} again", MessagingNames.FULFILLMENT_TASKS_QUEUE);
			}
			return waiting == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(waiting));
		}
		catch (RuntimeException ex) {
			// Once per outage, not every second: the admission asks at every count.
			if (!failing) {
				failing = true;
				log.warn("Could not read how many steps wait in {}: admission bounds the executions only until it "
						+ "can (the service's role needs sqs:GetQueueAttributes on the queue): {}",
						MessagingNames.FULFILLMENT_TASKS_QUEUE, ex.toString());
			}
			return OptionalLong.empty();
		}
	}
}
