package io.securecart.platform.messaging;

import io.securecart.contracts.events.OrderEvent;

/**
 * SecureCart's one policy for an event a consumer does not handle: <b>fail, never acknowledge</b>. Subscription
 * filter policies route each queue only the events its consumer handles, so an unexpected one means the topology or a
 * publisher is wrong. Acknowledging it would lose it without a trace; failing it lets the listener's backoff retry it
 * and, after the queue's {@code maxReceiveCount} receives, SQS moves it to the dead-letter queue, where
 * {@code ./securecart dlq} shows it and, once the cause is fixed, redrives it.
 * <p>
 * A listener whose parameter is one event type gets this for free (the platform's argument resolver fails any other
 * type with it as the cause). A listener that takes {@link OrderEvent} and dispatches with a {@code switch} throws it
 * from the cases it does not handle. The message says which event, never its body.
 */
public class UnexpectedEventException extends IllegalArgumentException {

	public UnexpectedEventException(String consumer, OrderEvent event) {
		this(consumer, event.eventType(), "event %s, order %s".formatted(event.eventId(), event.orderId()));
	}

	public UnexpectedEventException(String consumer, String eventType, String which) {
		super(("%s does not handle %s (%s): the message fails and, after the queue's maxReceiveCount receives, waits in "
				+ "its dead-letter queue; check the subscription's filter policy").formatted(consumer, eventType, which));
	}
}
