package io.securecart.contracts.events;

import java.util.Optional;

import io.securecart.contracts.MessagingNames;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire format of order events: a JSON body plus the {@code eventType} attribute that names its type. Every
 * publisher and consumer goes through this codec, so the format is defined once.
 */
public final class OrderEventCodec {

	private final JsonMapper json;

	public OrderEventCodec(JsonMapper json) {
		this.json = json;
	}

	public static OrderEventCodec standalone() {
		return new OrderEventCodec(JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build());
	}

	public String encode(OrderEvent event) {
		return json.writeValueAsString(event);
	}

	/** A {@link StockEvent}, in the same format: a JSON body, its type in the {@code eventType} attribute. */
	public String encode(StockEvent event) {
		return json.writeValueAsString(event);
	}

	/**
	 * @throws UnknownEventTypeException when no stock event is called {@code eventType}
	 * @throws tools.jackson.core.JacksonException when the body does not parse
	 */
	public StockEvent decodeStockEvent(String eventType, String body) {
		Class<? extends StockEvent> type = StockEvent.classOf(eventType)
			.orElseThrow(() -> new UnknownEventTypeException(eventType));
		return json.readValue(body, type);
	}

	/**
	 * @throws UnknownEventTypeException when no event is called {@code eventType}
	 * @throws tools.jackson.core.JacksonException when the body does not parse
	 */
	public OrderEvent decode(String eventType, String body) {
		Class<? extends OrderEvent> type = OrderEvent.classOf(eventType)
			.orElseThrow(() -> new UnknownEventTypeException(eventType));
		return json.readValue(body, type);
	}

	/**
	 * An event as EventBridge delivers it to an SQS target: an envelope whose {@code detail-type} names the event and
	 * whose {@code detail} is the event, exactly as {@link #encode} wrote it, plus the relay's {@code traceparent}.
	 * @return empty when {@code body} is not such an envelope
	 * @throws UnknownEventTypeException when the detail-type names no event
	 */
	public Optional<OrderEvent> decodeEventBridgeEvent(String body) {
		JsonNode envelope;
		try {
			envelope = json.readTree(body);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		if (!envelope.path("detail-type").isString() || !envelope.path("detail").isObject()) {
			return Optional.empty();
		}
		Class<? extends OrderEvent> type = OrderEvent.classOf(envelope.path("detail-type").asString())
			.orElseThrow(() -> new UnknownEventTypeException(envelope.path("detail-type").asString()));
		JsonNode detail = envelope.path("detail");
		if (detail.has(MessagingNames.TRACEPARENT_ATTRIBUTE)) {
			// The relay's trace context rides in the detail (EventBridge has no message attributes); not the event's.
			ObjectNode event = (ObjectNode) detail.deepCopy();
			event.remove(MessagingNames.TRACEPARENT_ATTRIBUTE);
			detail = event;
		}
		return Optional.of(json.treeToValue(detail, type));
	}

	public static final class UnknownEventTypeException extends IllegalArgumentException {

		UnknownEventTypeException(String eventType) {
			super("Unknown eventType '" + eventType + "'");
		}
	}
}
