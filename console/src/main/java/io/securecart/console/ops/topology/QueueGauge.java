package io.securecart.console.ops.topology;

import java.time.Duration;

/**
 * One queue, live.
 *
 * @param visible messages waiting ({@code ApproximateNumberOfMessages}); null if the queue could not be read
 * @param inFlight received and not yet deleted ({@code ApproximateNumberOfMessagesNotVisible})
 * @param oldestMessageAge age of the oldest message, where a source reports it: SQS publishes it to CloudWatch only
 * ({@code ApproximateAgeOfOldestMessage}), not as a queue attribute, so the SQS source leaves it null
 * @param deadLetterVisible messages waiting in its dead-letter queue, if it has one
 */
record QueueGauge(String queue, Integer visible, Integer inFlight, Duration oldestMessageAge, String deadLetterQueue,
		Integer deadLetterVisible, String problem) {

	public boolean deadLettersWaiting() {
		return deadLetterVisible != null && deadLetterVisible > 0;
	}
}
