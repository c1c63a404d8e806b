package io.securecart.platform;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.outbox.Outbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A minimal service built on the platform, the way the five real ones are, for the platform's own tests. */
@SpringBootApplication
class PlatformTestApplication {

	/** Customers (or single events) whose events fail every time while listed: poison, until the "fix" cures them. */
	@Component
	static class PoisonedCustomers {

		private final Set<String> customers = ConcurrentHashMap.newKeySet();

		private final Map<UUID, Integer> refusals = new ConcurrentHashMap<>();

		void poison(String customerId) {
			customers.add(customerId);
		}

		void cure(String customerId) {
			customers.remove(customerId);
		}

		/** Whether the event is poison, by its customer or by itself; each refusal is counted. */
		boolean refuses(OrderEvent event) {
			boolean poison = customers.contains(event.customerId()) || customers.contains(event.eventId().toString());
			if (poison) {
				refusals.merge(event.eventId(), 1, Integer::sum);
			}
			return poison;
		}

		/** How many deliveries of the event were refused: one per receive that reached the listener. */
		int refusals(UUID eventId) {
			return refusals.getOrDefault(eventId, 0);
		}
	}

	/**
	 * Customers (or single events) whose events wait in the listener until released: messages caught in the middle
	 * of processing.
	 */
	@Component
	static class HeldCustomers {

		private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

		void hold(String customerOrEventId) {
			releases.put(customerOrEventId, new CountDownLatch(1));
		}

		void release(String customerOrEventId) {
			CountDownLatch release = releases.remove(customerOrEventId);
			if (release != null) {
				release.countDown();
			}
		}

		/** How many of the customer's events (or deliveries of the event) wait in the listener now. */
		int waiting(String customerOrEventId) {
			return waiting.getOrDefault(customerOrEventId, new AtomicInteger()).get();
		}

		void passThrough(OrderEvent event) {
			String held = releases.containsKey(event.eventId().toString()) ? event.eventId().toString()
					: event.customerId();
			CountDownLatch release = releases.get(held);
			if (release == null) {
				return;
			}
			AtomicInteger count = waiting.computeIfAbsent(held, id -> new AtomicInteger());
			count.incrementAndGet();
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				count.decrementAndGet();
			}
		}
	}

	@Service
	static class RecordingService {

		static final String CONSUMER = "platform-test";

		private final Inbox inbox;

		private final Outbox outbox;

		private final JdbcClient jdbc;

		private final PoisonedCustomers poisoned;

		RecordingService(Inbox inbox, Outbox outbox, JdbcClient jdbc, PoisonedCustomers poisoned) {
			this.inbox = inbox;
			this.outbox = outbox;
			this.jdbc = jdbc;
			this.poisoned = poisoned;
		}

		@Transactional
		public void apply(OrderEvent event) {
			if (poisoned.refuses(event)) {
				throw new IllegalStateException("poisoned: " + event.eventId());
			}
			if (!inbox.firstDelivery(CONSUMER, event)) {
				return;
			}
			jdbc.sql("insert into recorded_effect (event_id, event_type, customer_id) values (:id, :type, :customer)")
				.param("id", event.eventId())
				.param("type", event.eventType())
				.param("customer", event.customerId())
				.update();
		}

		/** A state change and the event announcing it, in one transaction; {@code fail} rolls both back. */
		@Transactional
		public void recordAndPublish(OrderEvent event, boolean fail) {
			jdbc.sql("insert into recorded_effect (event_id, event_type, customer_id) values (:id, 'Published', :c)")
				.param("id", event.eventId())
				.param("c", event.customerId())
				.update();
			outbox.publish(MessagingNames.ORDER_EVENTS_TOPIC, event);
			if (fail) {
				throw new IllegalStateException("rolled back after writing to the outbox");
			}
		}

		@Transactional
		public void sendToOrdersQueue(OrderPlaced event) {
			outbox.sendToFifoQueue(MessagingNames.ORDERS_QUEUE, event, event.customerId(), event.orderId().toString());
		}
	}

	@Component
	static class Listeners {

		/** The FIFO deduplication id of the last delivery of each event on orders.fifo, by event id. */
		final Map<java.util.UUID, String> deduplicationIds = new ConcurrentHashMap<>();

		/** How many times each event on orders.fifo reached the listener, by event id. */
		final Map<java.util.UUID, AtomicInteger> orderDeliveries = new ConcurrentHashMap<>();

		/** The {@code traceparent} attribute of every delivery of each event on notification-order-events. */
		final Map<java.util.UUID, java.util.List<String>> traceparents = new ConcurrentHashMap<>();

		private final RecordingService service;

		private final HeldCustomers held;

		Listeners(RecordingService service, HeldCustomers held) {
			this.service = service;
			this.held = held;
		}

		static final String ORDER_EVENTS = "order-events";

		@SqsListener(value = MessagingNames.NOTIFICATION_QUEUE, id = ORDER_EVENTS)
		void onOrderEvent(OrderEvent event,
				@Header(name = MessagingNames.TRACEPARENT_ATTRIBUTE, required = false) String traceparent) {
			traceparents.computeIfAbsent(event.eventId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
				.add(String.valueOf(traceparent));
			held.passThrough(event);
			service.apply(event);
		}

		@SqsListener(value = MessagingNames.ORDERS_QUEUE, id = "orders")
		void onOrderPlaced(OrderPlaced event,
				@Header(name = SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_DEDUPLICATION_ID_HEADER,
						required = false) String deduplicationId) {
			if (deduplicationId != null) {
				deduplicationIds.put(event.eventId(), deduplicationId);
			}
			orderDeliveries.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
			held.passThrough(event);
			service.apply(event);
		}
	}
}
