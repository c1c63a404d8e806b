package io.securecart.platform.messaging;

/**
 * One receive of a message, as its listener got it: the queue, and how often SQS has handed the message out
 * ({@code ApproximateReceiveCount}, 1 on the first receive). After the queue's {@code maxReceiveCount} receives SQS
 * moves it to the dead-letter queue ({@link ReceiveLimits}).
 *
 * @param queue the queue it was received from
 * @param receiveCount how often it has been received, this receive included; 0 when not known (a call that is no
 * delivery, such as a test's), which is never the last receive
 */
public record Delivery(String queue, int receiveCount) {

	/** A call that is not a message's delivery: it has no receives to spend, and is never the last. */
	public static Delivery none(String queue) {
		return new Delivery(queue, 0);
	}

	/** From the listener's {@code ApproximateReceiveCount} header, which may be missing or not a number. */
	public static Delivery of(String queue, String approximateReceiveCount) {
		try {
			return new Delivery(queue, approximateReceiveCount == null ? 0 : Integer.parseInt(approximateReceiveCount));
		}
		catch (NumberFormatException ex) {
			return none(queue);
		}
	}
}
