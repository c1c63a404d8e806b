package io.securecart.platform.messaging;

import java.util.function.BiFunction;

import io.securecart.contracts.MessagingNames;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * An event an EventBridge rule delivered to SQS has no message attributes: the relay put its trace context in the
 * detail, next to the event's {@code orderId}. This makes both the headers they would be on SQS or SNS, so that the
 * listener's observation continues the trace and tags the order the same way for every kind of message. A message
 * attribute of the same name, where there is one, wins; any other attribute changes nothing: on AWS, EventBridge
 * puts an event it could not deliver into the target's DLQ with {@code RULE_ARN}, {@code ERROR_CODE} and the like,
 * and a redrive keeps them, but the trace and the order are still only in the detail.
 */
class EventBridgeTraceHeaders implements BiFunction<Message, MessageHeaderAccessor, MessageHeaders> {

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public MessageHeaders apply(Message message, MessageHeaderAccessor headers) {
		if (lacks(message, MessagingNames.TRACEPARENT_ATTRIBUTE) || lacks(message, MessagingNames.ORDER_ID_ATTRIBUTE)) {
			JsonNode detail = detailOf(message.body());
			if (lacks(message, MessagingNames.TRACEPARENT_ATTRIBUTE)) {
				copy(detail, MessagingNames.TRACEPARENT_ATTRIBUTE, headers);
			}
			if (lacks(message, MessagingNames.ORDER_ID_ATTRIBUTE)) {
				copy(detail, MessagingNames.ORDER_ID_ATTRIBUTE, headers);
			}
		}
		return headers.toMessageHeaders();
	}

	private static boolean lacks(Message message, String attribute) {
		return !message.hasMessageAttributes() || !message.messageAttributes().containsKey(attribute);
	}

	private JsonNode detailOf(String body) {
		if (body == null || !body.startsWith("{") || !body.contains("\"detail-type\"")) {
			return null;
		}
		try {
			JsonNode detail = json.readTree(body).path("detail");
			return detail.isObject() ? detail : null;
		}
		catch (RuntimeException ex) {
			// Not JSON: the listener's decoding fails it, and it ends in the DLQ; no trace to continue.
			return null;
		}
	}

	private static void copy(JsonNode detail, String field, MessageHeaderAccessor headers) {
		if (detail != null && detail.path(field).isString()) {
			headers.setHeader(field, detail.path(field).asString());
		}
	}
}
