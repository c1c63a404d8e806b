package io.securecart.platform.dlq;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * No message with that id waits in the queue's dead-letter queue (it may have been redriven already), or, in a FIFO
 * one, it waits too far behind the first message of its group, which SQS hands out first: the detail names those.
 */
public class DeadLetterMessageNotFoundException extends RuntimeException {

	/** At most this many groups' first messages are named. */
	static final int MAX_NAMED = 10;

	/** @param firstOfEachGroup the first message id of each FIFO group the search saw, by group id, in its order */
	DeadLetterMessageNotFoundException(String queue, String messageId, Map<String, String> firstOfEachGroup) {
		super("No message %s in the dead-letter queue of '%s'".formatted(messageId, queue) + behind(firstOfEachGroup));
	}

	private static String behind(Map<String, String> firstOfEachGroup) {
		if (firstOfEachGroup.isEmpty()) {
			return "";
		}
		return ". If it is still there in this FIFO queue, it waits further back in its group than SQS hands out (a"
				+ " group's messages come in order, at most ten at a time, and no more of the group while those are"
				+ " out): it is found once those before it are redriven, or by a redrive of all. First of their groups"
				+ " now: "
				+ firstOfEachGroup.entrySet()
					.stream()
					.limit(MAX_NAMED)
					.map(first -> first.getValue() + " (group " + first.getKey() + ")")
					.collect(Collectors.joining(", "))
				+ (firstOfEachGroup.size() > MAX_NAMED ? " and " + (firstOfEachGroup.size() - MAX_NAMED) + " more"
						: "");
	}
}
