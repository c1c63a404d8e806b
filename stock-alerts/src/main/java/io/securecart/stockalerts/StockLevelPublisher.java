package io.securecart.stockalerts;

import io.securecart.contracts.events.StockLevelChanged;

/**
 * Where the function announces a crossing. A Lambda has no outbox: the announcement is published directly, and if
 * that fails the record fails, so SQS delivers it again (and, after {@code maxReceiveCount}, dead-letters it).
 */
public interface StockLevelPublisher {

	void publish(StockLevelChanged event);

}
