package io.securecart.payment.fraud;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.platform.messaging.BoundedCalls;
import io.securecart.platform.messaging.MessagingDestinations;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The review's timer: {@code FraudReviewRequired} sent to {@code fraud-review-timeouts} with an SQS delivery delay,
 * so that it comes back when the review's time is up. SQS delays a message by at most 900 s; a longer timeout is a
 * chain, each link re-sent with the time that remains.
 * <p>
 * Sent straight to SQS, not through the outbox, and <em>before</em> the transaction that records the review commits: a
 * timer is lost only if it is never sent, and a timer sent for a review whose transaction then failed does nothing
 * when it fires (the screening runs again and sends another). A duplicate timer is harmless: a review is decided
 * once.
 */
@Component
class ReviewTimers {

	/** The longest delivery delay SQS allows. */
	static final Duration MAX_DELAY = Duration.ofSeconds(900);

	/**
	 * How long a send may take. It runs on a listener's thread: a broker that hangs fails the message, which SQS
	 * delivers again, instead of holding the thread forever.
	 */
	static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private final SqsAsyncClient sqs;

	private final MessagingDestinations destinations;

	private final OrderEventCodec codec;

	private final Duration timeout;

	@Autowired
	ReviewTimers(SqsAsyncClient sqs, MessagingDestinations destinations, OrderEventCodec codec) {
		this(sqs, destinations, codec, SEND_TIMEOUT);
	}

	ReviewTimers(SqsAsyncClient sqs, MessagingDestinations destinations, OrderEventCodec codec, Duration timeout) {
		this.sqs = sqs;
		this.destinations = destinations;
		this.codec = codec;
		this.timeout = timeout;
	}

	/** Sets the timer to fire at the review's {@code decideBy}, or after 900 s if that is later. */
	void start(FraudReviewRequired review, Instant now) {
		String queueUrl = destinations.queueUrl(MessagingNames.FRAUD_REVIEW_TIMEOUTS_QUEUE);
		BoundedCalls.await(sqs.sendMessage(request -> request.queueUrl(queueUrl)
			.messageBody(codec.encode(review))
			.delaySeconds(delaySeconds(now, review.decideBy()))
			.messageAttributes(Map.of(MessagingNames.EVENT_TYPE_ATTRIBUTE,
					MessageAttributeValue.builder().dataType("String").stringValue(review.eventType()).build()))
			.overrideConfiguration(override -> override.apiCallTimeout(timeout))), timeout.plusSeconds(1), "SQS");
	}

	/** Whole seconds until {@code deadline}, rounded up, between 0 and 900. */
	static int delaySeconds(Instant now, Instant deadline) {
		Duration remaining = Duration.between(now, deadline);
		if (remaining.isNegative() || remaining.isZero()) {
			return 0;
		}
		long seconds = remaining.toSeconds() + (remaining.getNano() > 0 ? 1 : 0);
		return (int) Math.min(seconds, MAX_DELAY.toSeconds());
	}
}
