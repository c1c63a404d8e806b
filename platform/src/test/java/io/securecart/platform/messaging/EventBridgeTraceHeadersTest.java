package io.securecart.platform.messaging;

import java.util.Map;

import io.securecart.contracts.MessagingNames;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageHeaderAccessor;

import static org.assertj.core.api.Assertions.assertThat;

/** An EventBridge event's trace context and order become the headers a listener's observation reads. */
class EventBridgeTraceHeadersTest {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private final EventBridgeTraceHeaders headers = new EventBridgeTraceHeaders();

	@Test
	void anEventBridgeEnvelopeGivesItsDetailsTraceparentAndOrderId() {
		Message delivered = Message.builder().messageId("m-1").body("""
				{"version":"0","id":"e-1","detail-type":"OrderPlaced","source":"securecart.checkout",
				 "detail":{"orderId":"3f2b1c4e-1111-2222-3333-444444444444","traceparent":"%s"}}""".formatted(TRACEPARENT))
			.build();

		MessageHeaders mapped = headers.apply(delivered, new MessageHeaderAccessor());

		assertThat(mapped.get(MessagingNames.TRACEPARENT_ATTRIBUTE)).isEqualTo(TRACEPARENT);
		assertThat(mapped.get(MessagingNames.ORDER_ID_ATTRIBUTE)).isEqualTo("3f2b1c4e-1111-2222-3333-444444444444");
	}

	@Test
	void anEventRedrivenFromTheTargetsDeadLetterQueueKeepsItsTraceAndOrder() {
		// What EventBridge adds to an event it puts into a target's DLQ on AWS; a redrive keeps these attributes.
		Message redriven = Message.builder().messageId("m-4").body("""
				{"version":"0","id":"e-1","detail-type":"OrderPlaced","source":"securecart.checkout",
				 "detail":{"orderId":"3f2b1c4e-1111-2222-3333-444444444444","traceparent":"%s"}}"""
				.formatted(TRACEPARENT))
			.messageAttributes(Map.of("RULE_ARN", string("arn:aws:events:us-east-1:123456789012:rule/securecart/r"),
					"TARGET_ARN", string("arn:aws:sqs:us-east-1:123456789012:fraud-screening"), "ERROR_CODE",
					string("SQSError"), "ERROR_MESSAGE", string("Access to the resource is denied")))
			.build();

		MessageHeaders mapped = headers.apply(redriven, new MessageHeaderAccessor());

		assertThat(mapped.get(MessagingNames.TRACEPARENT_ATTRIBUTE)).isEqualTo(TRACEPARENT);
		assertThat(mapped.get(MessagingNames.ORDER_ID_ATTRIBUTE)).isEqualTo("3f2b1c4e-1111-2222-3333-444444444444");
	}

	@Test
	void anAttributeOfTheSameNameWinsAndABodyThatIsNoEnvelopeGivesNothing() {
		Message withTraceparent = Message.builder().messageId("m-2").body("""
				{"detail-type":"OrderPlaced","detail":{"traceparent":"%s","orderId":"o-1"}}""".formatted(TRACEPARENT))
			.messageAttributes(Map.of(MessagingNames.TRACEPARENT_ATTRIBUTE,
					string("00-11111111111111111111111111111111-2222222222222222-01")))
			.build();
		Message garbage = Message.builder().messageId("m-3").body("{not json \"detail-type\"").build();

		// The attribute itself becomes the header before this function runs: the detail's value must not replace it.
		MessageHeaders mapped = headers.apply(withTraceparent, new MessageHeaderAccessor());
		assertThat(mapped).doesNotContainKey(MessagingNames.TRACEPARENT_ATTRIBUTE);
		assertThat(mapped.get(MessagingNames.ORDER_ID_ATTRIBUTE)).isEqualTo("o-1");
		assertThat(headers.apply(garbage, new MessageHeaderAccessor())).doesNotContainKey(
				MessagingNames.TRACEPARENT_ATTRIBUTE);
	}

	private static MessageAttributeValue string(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}
}
