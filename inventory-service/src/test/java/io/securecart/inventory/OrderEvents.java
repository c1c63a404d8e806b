package io.securecart.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.testsupport.TestMessaging;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;

/** Builds the events inventory consumes, and finds the ones it publishes on the queues downstream of the topic. */
public final class OrderEvents {

	private static final OrderEventCodec codec = OrderEventCodec.standalone();

	private OrderEvents() {
	}

	public static OrderLine line(String sku, int quantity) {
		return new OrderLine(sku, quantity, Money.of("10.00"));
	}

	public static PaymentAuthorized paymentAuthorized(UUID orderId, OrderLine... lines) {
		Money amount = List.of(lines).stream().map(OrderLine::lineTotal).reduce(Money.of("0.00"), Money::plus);
		return new PaymentAuthorized(UUID.randomUUID(), orderId, "customer-it", UUID.randomUUID(), amount,
				List.of(lines), Instant.now());
	}

	public static PaymentAuthorized paymentAuthorized(OrderLine... lines) {
		return paymentAuthorized(UUID.randomUUID(), lines);
	}

	/**
	 * Checkout's rejection of {@code payment}: it authorised what its lines cost, which is not the total checkout
	 * placed the order at (ADR 44).
	 */
	public static PaymentRejected paymentRejected(PaymentAuthorized payment) {
		return new PaymentRejected(UUID.randomUUID(), payment.orderId(), payment.customerId(), payment.paymentId(),
				payment.amount(), payment.amount().plus(Money.of("1.00")), payment.occurredAt());
	}

	public static OrderShipped orderShipped(UUID orderId, OrderLine... lines) {
		return new OrderShipped(UUID.randomUUID(), orderId, "customer-it", UUID.randomUUID(), "TRACK-IT",
				List.of(lines), Instant.now());
	}

	/**
	 * Waits until an event of {@code type} about {@code orderId} has arrived on {@code queue} (e.g. checkout's, which
	 * receives every order event from the topic and which no test consumes), and returns it. Drains the queue into the
	 * JVM's record ({@link TestMessaging#messagesOn}): a peek from inside the loop would be a receive each time, and
	 * after the queue's {@code maxReceiveCount} of them SQS would move the awaited event to the DLQ.
	 */
	public static <T extends OrderEvent> T awaitOn(TestMessaging messaging, String queue, Class<T> type,
			UUID orderId) {
		return await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> find(messaging.messagesOn(queue), type, orderId), Optional::isPresent)
			.orElseThrow();
	}

	private static <T extends OrderEvent> Optional<T> find(List<Message> messages, Class<T> type, UUID orderId) {
		return messages.stream()
			.filter(message -> message.messageAttributes().containsKey(MessagingNames.EVENT_TYPE_ATTRIBUTE))
			.map(message -> codec.decode(
					message.messageAttributes().get(MessagingNames.EVENT_TYPE_ATTRIBUTE).stringValue(),
					message.body()))
			.filter(type::isInstance)
			.map(type::cast)
			.filter(event -> event.orderId().equals(orderId))
			.findFirst();
	}

	/** Waits until every message sent to {@code queue} has been consumed, i.e. processed and deleted. */
	public static void awaitConsumed(TestMessaging messaging, String queue) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> messaging.approximateCount(queue) == 0);
	}
}
