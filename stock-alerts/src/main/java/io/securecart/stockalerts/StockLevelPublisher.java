package io.securecart.stockalerts;

import java.time.Duration;

import io.securecart.contracts.events.StockLevelChanged;

/**
 * Where the function announces a crossing. A Lambda has no outbox: the announcement is published directly, and if
 * that fails the record fails, so SQS delivers it again (and, after {@code maxReceiveCount}, dead-letters it).
 */
public interface StockLevelPublisher {

	void publish(StockLevelChanged event);

	/**
	 * Publishes within {@code timeout} ({@link PublishBudget}): a publisher that makes no call that could stall
	 * ignores it.
	 */
	default void publish(StockLevelChanged event, Duration timeout) {
		publish(event);
	}

}
