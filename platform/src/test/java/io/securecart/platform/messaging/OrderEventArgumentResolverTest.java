package io.securecart.platform.messaging;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.AvailableStockChanged;
import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import io.securecart.contracts.events.StockRejected;
import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderEventArgumentResolverTest {

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final OrderEventArgumentResolver resolver = new OrderEventArgumentResolver(codec,
			io.securecart.platform.outbox.ClaimChecks.passingThrough());

	private final PaymentDeclined declined = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "alice",
			"card_declined", Instant.parse("2026-11-21T10:00:00Z"));

	@Test
	void decodesTheBodyByItsEventTypeAttribute() throws Exception {
		Object event = resolver.resolveArgument(parameter("anyEvent", OrderEvent.class),
				message("PaymentDeclined", codec.encode(declined)));

		assertThat(event).isEqualTo(declined);
	}

	@Test
	void supportsOnlyEventParameters() throws Exception {
		assertThat(resolver.supportsParameter(parameter("anyEvent", OrderEvent.class))).isTrue();
		assertThat(resolver.supportsParameter(parameter("oneType", StockRejected.class))).isTrue();
		assertThat(resolver.supportsParameter(parameter("text", String.class))).isFalse();
	}

	@Test
	void failsOnAMissingEventTypeSoTheMessageIsRetriedAndDeadLettered() {
		Message<String> untyped = MessageBuilder.withPayload(codec.encode(declined)).build();

		assertThatThrownBy(() -> resolver.resolveArgument(parameter("anyEvent", OrderEvent.class), untyped))
			.isInstanceOf(MessageConversionException.class)
			.hasMessageContaining(MessagingNames.EVENT_TYPE_ATTRIBUTE);
	}

	@Test
	void decodesTheDetailOfAnEventBridgeEventThatARuleDeliveredWithoutAttributes() throws Exception {
		String envelope = """
				{"version": "0", "id": "7bf73129", "detail-type": "PaymentDeclined", "source": "securecart.test",
				 "account": "123456789012", "time": "2026-11-21T10:00:00Z", "region": "us-east-1", "resources": [],
				 "detail": %s}
				""".formatted(codec.encode(declined));

		Object event = resolver.resolveArgument(parameter("anyEvent", OrderEvent.class),
				MessageBuilder.withPayload(envelope).build());

		assertThat(event).isEqualTo(declined);
	}

	@Test
	void failsOnAnEventBridgeEventOfAnUnknownTypeSoItIsDeadLettered() {
		String envelope = "{\"detail-type\": \"CartAbandoned\", \"detail\": {\"paymentToken\": \"tok_secret\"}}";

		assertThatThrownBy(() -> resolver.resolveArgument(parameter("anyEvent", OrderEvent.class),
				MessageBuilder.withPayload(envelope).build()))
			.isInstanceOf(MessageConversionException.class)
			.hasMessageNotContaining("tok_secret");
	}

	@Test
	void failsOnAnUnparseableBodyWithoutQuotingIt() {
		String body = "{\"paymentToken\":\"tok_secret\", broken";

		assertThatThrownBy(() -> resolver.resolveArgument(parameter("anyEvent", OrderEvent.class),
				message("OrderPlaced", body)))
			.isInstanceOf(MessageConversionException.class)
			.hasMessageContaining("OrderPlaced")
			.hasMessageNotContaining("tok_secret");
	}

	@Test
	void failsWhenTheEventIsNotTheTypeTheListenerTakes() {
		assertThatThrownBy(() -> resolver.resolveArgument(parameter("oneType", StockRejected.class),
				message("PaymentDeclined", codec.encode(declined))))
			.isInstanceOf(MessageConversionException.class)
			.hasMessageContaining("StockRejected")
			.hasMessageContaining("PaymentDeclined")
			.hasCauseInstanceOf(UnexpectedEventException.class);
	}

	@Test
	void decodesAStockEventForAListenerThatTakesOneAndRefusesAnyOtherType() throws Exception {
		StockLevelChanged back = new StockLevelChanged(UUID.randomUUID(), "SC-MUG-002", Level.OUT_OF_STOCK,
				Level.LOW, 2, 5, Instant.parse("2026-11-30T10:00:00Z"));
		assertThat(resolver.supportsParameter(parameter("stockLevel", StockLevelChanged.class))).isTrue();

		assertThat(resolver.resolveArgument(parameter("stockLevel", StockLevelChanged.class),
				message("StockLevelChanged", codec.encode(back)))).isEqualTo(back);
		assertThatThrownBy(() -> resolver.resolveArgument(parameter("stockLevel", StockLevelChanged.class),
				message("AvailableStockChanged", codec.encode(new AvailableStockChanged(UUID.randomUUID(),
						"SC-MUG-002", 1, 0, Instant.parse("2026-11-30T10:00:00Z"))))))
			.isInstanceOf(MessageConversionException.class)
			.hasMessageContaining("AvailableStockChanged");
		assertThatThrownBy(() -> resolver.resolveArgument(parameter("stockLevel", StockLevelChanged.class),
				message("PaymentDeclined", codec.encode(declined))))
			.isInstanceOf(MessageConversionException.class);
	}

	private static Message<String> message(String eventType, String body) {
		return MessageBuilder.withPayload(body).setHeader(MessagingNames.EVENT_TYPE_ATTRIBUTE, eventType).build();
	}

	private static MethodParameter parameter(String method, Class<?> type) throws NoSuchMethodException {
		Method listener = Listeners.class.getDeclaredMethod(method, type);
		return new MethodParameter(listener, 0);
	}

	@SuppressWarnings("unused")
	private static final class Listeners {

		void anyEvent(OrderEvent event) {
		}

		void oneType(StockRejected event) {
		}

		void stockLevel(StockLevelChanged event) {
		}

		void text(String body) {
		}
	}
}
