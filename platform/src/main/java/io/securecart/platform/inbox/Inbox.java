package io.securecart.platform.inbox;

import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.StockEvent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a consumer idempotent. SQS and SNS deliver at least once, and FIFO deduplication lasts only five minutes, so
 * each consumer records the ids of the events it applied, in the same transaction as their effect. A redelivery then
 * finds the id and has no second effect; a crash before the commit leaves neither the effect nor the id.
 */
public class Inbox {

	private final JdbcClient jdbc;

	public Inbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that {@code consumer} is applying {@code event}.
	 * @return {@code true} the first time; {@code false} for a delivery already applied, which the caller skips
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean firstDelivery(String consumer, OrderEvent event) {
		return firstDelivery(consumer, event.eventId(), event.eventType());
	}

	/** As {@link #firstDelivery(String, OrderEvent)}, for an event about a product's stock. */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean firstDelivery(String consumer, StockEvent event) {
		return firstDelivery(consumer, event.eventId(), event.eventType());
	}

	private boolean firstDelivery(String consumer, java.util.UUID eventId, String eventType) {
		return jdbc.sql("""
				insert into inbox_message (event_id, consumer, event_type) values (:eventId, :consumer, :eventType)
				on conflict do nothing
				""")
			.param("eventId", eventId)
			.param("consumer", consumer)
			.param("eventType", eventType)
			.update() == 1;
	}
}
