package io.securecart.platform.messaging;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.StockEvent;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Lets a listener method take an {@link OrderEvent} (or one event type) as its parameter. The body arrives as text
 * and is decoded here, by the type its {@code eventType} attribute names, so that a message that cannot be decoded
 * fails the listener: the error handler backs it off, and after {@code maxReceiveCount} receives SQS moves it to the
 * dead-letter queue. (A failure inside Spring Cloud AWS's own conversion would only be logged and skipped.)
 * A message without the attribute may be an EventBridge event delivered by a rule's SQS target: its envelope's
 * {@code detail-type} names the event and its {@code detail} is the event.
 * <p>
 * A claim-checked message (ADR 16) is fetched from S3 first. When S3 cannot give it, the listener fails like for any
 * other undecodable message: the message is retried, then dead-lettered with its pointer, and a redrive brings it
 * back while the bucket still keeps the payload (its lifecycle outlasts the dead-letter queues' retention).
 */
class OrderEventArgumentResolver implements HandlerMethodArgumentResolver {

	private final OrderEventCodec codec;

	private final ClaimCheck claimCheck;

	OrderEventArgumentResolver(OrderEventCodec codec, ClaimCheck claimCheck) {
		this.codec = codec;
		this.claimCheck = claimCheck;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return OrderEvent.class.isAssignableFrom(parameter.getParameterType())
				|| StockEvent.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		String eventType = message.getHeaders().get(MessagingNames.EVENT_TYPE_ATTRIBUTE, String.class);
		if (StockEvent.class.isAssignableFrom(parameter.getParameterType())) {
			return stockEvent(parameter, message, eventType);
		}
		OrderEvent event;
		try {
			event = eventType != null ? codec.decode(eventType, body(message)) : fromEventBridge(message);
		}
		catch (MessageConversionException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// Deliberately not the body in the message: it may carry a payment token.
			throw new MessageConversionException(message,
					"Cannot decode a '%s' message: %s".formatted(eventType, ex.getClass().getSimpleName()));
		}
		if (!parameter.getParameterType().isInstance(event)) {
			// The one policy for unexpected events (UnexpectedEventException): fail, so the message is dead-lettered.
			throw new MessageConversionException(message, "Listener expects %s but received %s"
				.formatted(parameter.getParameterType().getSimpleName(), event.eventType()),
					new UnexpectedEventException(parameter.getMethod() == null ? "listener"
							: parameter.getMethod().getDeclaringClass().getSimpleName(), event));
		}
		return event;
	}

	/** The payload, from S3 when the body is a claim check's pointer. */
	private String body(Message<?> message) {
		String body = String.valueOf(message.getPayload());
		return ClaimCheck.isPointer(message.getHeaders()) ? claimCheck.payloadOf(body) : body;
	}

	/** A {@link StockEvent} always travels with its {@code eventType} attribute (no EventBridge route carries one). */
	private StockEvent stockEvent(MethodParameter parameter, Message<?> message, String eventType) {
		StockEvent event;
		try {
			event = codec.decodeStockEvent(String.valueOf(eventType), body(message));
		}
		catch (RuntimeException ex) {
			throw new MessageConversionException(message,
					"Cannot decode a '%s' message: %s".formatted(eventType, ex.getClass().getSimpleName()));
		}
		if (!parameter.getParameterType().isInstance(event)) {
			throw new MessageConversionException(message, "Listener expects %s but received %s"
				.formatted(parameter.getParameterType().getSimpleName(), event.eventType()));
		}
		return event;
	}

	/** An EventBridge rule's SQS target gets the event in its envelope, with no message attributes. */
	private OrderEvent fromEventBridge(Message<?> message) {
		return codec.decodeEventBridgeEvent(claimCheck.eventBridgeEvent(String.valueOf(message.getPayload())))
			.orElseThrow(() -> new MessageConversionException(message,
					"Message has no '%s' attribute and is no EventBridge event; cannot tell its type"
						.formatted(MessagingNames.EVENT_TYPE_ATTRIBUTE)));
	}
}
