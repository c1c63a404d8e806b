package io.securecart.platform.outbox;

import java.util.UUID;

import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an event to publish in the caller's transaction. Nothing reaches SQS or SNS here: the {@link OutboxRelay}
 * publishes after the commit, so an event exists if and only if the state change it announces was committed.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final OrderEventCodec codec;

	public Outbox(JdbcClient jdbc, OrderEventCodec codec) {
		this.jdbc = jdbc;
		this.codec = codec;
	}

	/** Publishes {@code event} to an SNS topic, with its {@code eventType} as a message attribute. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void publish(String topic, OrderEvent event) {
		insert(OutboxMessage.Kind.TOPIC, topic, event, null, null);
	}

	/**
	 * Sends {@code event} to an SQS FIFO queue. Both ids are kept with the row, so a relay that retries, or restarts,
	 * sends the same ids and FIFO deduplication still holds.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void sendToFifoQueue(String queue, OrderEvent event, String messageGroupId, String deduplicationId) {
		insert(OutboxMessage.Kind.FIFO_QUEUE, queue, event, messageGroupId, deduplicationId);
	}

	private void insert(OutboxMessage.Kind kind, String destination, OrderEvent event, String groupId,
			String dedupId) {
		jdbc.sql("""
				insert into outbox_message (id, destination_kind, destination, event_type, payload, group_id, dedup_id)
				values (:id, :kind, :destination, :eventType, :payload, :groupId, :dedupId)
				""")
			.param("id", event.eventId())
			.param("kind", kind.name())
			.param("destination", destination)
			.param("eventType", event.eventType())
			.param("payload", codec.encode(event))
			.param("groupId", groupId)
			.param("dedupId", dedupId)
			.update();
	}

	/** Pending messages, oldest first; for health details and tests. */
	public long pendingCount() {
		return jdbc.sql("select count(*) from outbox_message where published_at is null").query(Long.class).single();
	}

	public boolean isPublished(UUID eventId) {
		return jdbc.sql("select count(*) from outbox_message where id = :id and published_at is not null")
			.param("id", eventId)
			.query(Long.class)
			.single() > 0;
	}
}
