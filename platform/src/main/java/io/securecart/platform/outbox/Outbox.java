package io.securecart.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockEvent;
import io.securecart.platform.tracing.MessageTracing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an event to publish in the caller's transaction. Nothing reaches SQS, SNS or EventBridge here: the {@link OutboxRelay}
 * publishes after the commit, so an event exists if and only if the state change it announces was committed. The commit
 * wakes this process's relay, so an event goes out right after its transaction instead of at the relay's next poll.
 * Each row keeps the W3C trace context of the span that wrote it, and tags that span (and the log context) with the
 * event's order.
 */
public class Outbox {

	/** The longest delivery delay SQS allows a message: one due later is sent for delivery this long after. */
	public static final Duration MAX_DELIVERY_DELAY = Duration.ofSeconds(900);

	private final JdbcClient jdbc;

	private final OrderEventCodec codec;

	private final MessageTracing tracing;

	/**
	 * One instance, so a transaction that writes several rows registers it once: a transaction's synchronizations are
	 * a set.
	 */
	private final TransactionSynchronization wakeRelayAfterCommit;

	public Outbox(JdbcClient jdbc, OrderEventCodec codec, MessageTracing tracing, ObjectProvider<OutboxRelay> relay) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.tracing = tracing;
		this.wakeRelayAfterCommit = new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				relay.ifAvailable(OutboxRelay::wakeUp);
			}
		};
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

	/**
	 * Puts {@code event} on an EventBridge bus ({@code PutEvents}): {@code source} as its source, its
	 * {@code eventType} as its detail-type and the event as its detail, which rules match on. The row's id is derived
	 * from the event's and the bus's, as the same event may also be sent to a queue in the same transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void putOnEventBus(String bus, String source, OrderEvent event) {
		UUID rowId = UUID.nameUUIDFromBytes((event.eventId() + " on bus " + bus).getBytes(StandardCharsets.UTF_8));
		insert(rowId, OutboxMessage.Kind.EVENT_BUS, bus, event, source, null);
	}

	/**
	 * Sends a {@link StockEvent}, which is about a product and not an order, to a standard SQS queue: no group, no
	 * deduplication id; its consumer deduplicates by the event's id.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void sendToQueue(String queue, StockEvent event) {
		insert(event.eventId(), OutboxMessage.Kind.QUEUE, queue, event.eventType(), codec.encode(event), null, null,
				null);
	}

	/**
	 * Sends {@code event} to a standard SQS queue, for delivery at {@code deliverAt}: the relay sends it with the delay
	 * that remains then (none once it is due), {@link #MAX_DELIVERY_DELAY} at most, so a later one arrives early and
	 * its consumer sends it again for the time that remains. The row's id is its own, not the event's: one event may
	 * be sent again and again as such a chain.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void sendToQueue(String queue, OrderEvent event, Instant deliverAt) {
		if (queue.endsWith(".fifo")) {
			throw new IllegalArgumentException("SQS delays a FIFO queue's messages only as a whole, not " + queue
					+ "'s one by one: send to a standard queue");
		}
		tracing.tagOrder(event.orderId());
		insert(UUID.randomUUID(), OutboxMessage.Kind.QUEUE, queue, event.eventType(), codec.encode(event), null, null,
				deliverAt);
	}

	private void insert(OutboxMessage.Kind kind, String destination, OrderEvent event, String groupId,
			String dedupId) {
		insert(event.eventId(), kind, destination, event, groupId, dedupId);
	}

	private void insert(UUID id, OutboxMessage.Kind kind, String destination, OrderEvent event, String groupId,
			String dedupId) {
		tracing.tagOrder(event.orderId());
		insert(id, kind, destination, event.eventType(), codec.encode(event), groupId, dedupId, null);
	}

	private void insert(UUID id, OutboxMessage.Kind kind, String destination, String eventType, String payload,
			String groupId, String dedupId, Instant deliverAt) {
		// The row keeps the trace context of the span that wrote it: the relay's span continues that trace.
		jdbc.sql("""
				insert into outbox_message (id, destination_kind, destination, event_type, payload, group_id, dedup_id,
				                            traceparent, deliver_at)
				values (:id, :kind, :destination, :eventType, :payload, :groupId, :dedupId, :traceparent, :deliverAt)
				""")
			.param("id", id)
			.param("kind", kind.name())
			.param("destination", destination)
			.param("eventType", eventType)
			.param("payload", payload)
			.param("groupId", groupId)
			.param("dedupId", dedupId)
			.param("traceparent", tracing.currentTraceparent())
			.param("deliverAt", deliverAt == null ? null : Timestamp.from(deliverAt))
			.update();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(wakeRelayAfterCommit);
		}
	}

	/** Pending messages, oldest first; for health details and tests. */
	public long pendingCount() {
		return jdbc.sql("select count(*) from outbox_message where published_at is null").query(Long.class).single();
	}
}
