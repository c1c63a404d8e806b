package io.securecart.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.StockRejected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderEventCodecTest {

	private final OrderEventCodec codec = OrderEventCodec.standalone();

	private final UUID orderId = UUID.randomUUID();

	@Test
	void roundTripsEveryKindOfEventThroughItsEventType() {
		List<OrderEvent> events = List.of(
				new OrderPlaced(UUID.randomUUID(), orderId, "alice", List.of(line()), Money.of("39.98"), "tok_visa",
						Instant.parse("2026-11-21T10:00:00Z")),
				new PaymentAuthorized(UUID.randomUUID(), orderId, "alice", UUID.randomUUID(), Money.of("39.98"),
						List.of(line()), Instant.now()),
				new PaymentDeclined(UUID.randomUUID(), orderId, "alice", "card declined", Instant.now()),
				new StockRejected(UUID.randomUUID(), orderId, "alice", List.of("SC-POSTER-006"), "out of stock",
						Instant.now()));

		for (OrderEvent event : events) {
			String body = codec.encode(event);
			assertThat(codec.decode(event.eventType(), body)).isEqualTo(event);
		}
	}

	@Test
	void keepsMoneyExactAsDecimalText() {
		var placed = new OrderPlaced(UUID.randomUUID(), orderId, "alice", List.of(line()), Money.of("0.10"),
				"tok_visa", Instant.now());

		String body = codec.encode(placed);

		assertThat(body).contains("\"amount\":0.10");
		assertThat(((OrderPlaced) codec.decode("OrderPlaced", body)).total().amount()).isEqualByComparingTo("0.10");
	}

	@Test
	void namesTheEventTypeAfterTheRecord() {
		assertThat(OrderEvent.classOf("StockRejected")).contains(StockRejected.class);
		assertThat(OrderEvent.classOf("OrderCancelled")).isEmpty();
	}

	@Test
	void rejectsAnUnknownEventTypeWithItsName() {
		assertThatThrownBy(() -> codec.decode("Gibberish", "{}")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Gibberish");
	}

	@Test
	void theCopyWithoutTheTokenKeepsOnlyItsFingerprint() {
		var placed = new OrderPlaced(UUID.randomUUID(), orderId, "alice", List.of(line()), Money.of("1299.00"),
				"tok_secret_value", Instant.now());

		OrderPlaced forTheBus = placed.withoutPaymentToken();
		String body = codec.encode(forTheBus);

		assertThat(forTheBus.paymentToken()).isNull();
		assertThat(forTheBus.cardFingerprint()).isEqualTo(placed.cardFingerprint())
			.isEqualTo(OrderPlaced.fingerprintOf("tok_secret_value"))
			.isNotEqualTo(OrderPlaced.fingerprintOf("tok_visa"))
			.startsWith("sha256:");
		assertThat(body).doesNotContain("tok_secret_value");
		assertThat(codec.decode("OrderPlaced", body)).isEqualTo(forTheBus);
	}

	@Test
	void keepsThePaymentTokenOutOfToString() {
		var placed = new OrderPlaced(UUID.randomUUID(), orderId, "alice", List.of(line()), Money.of("19.99"),
				"tok_secret_value", Instant.now());

		assertThat(placed.toString()).doesNotContain("tok_secret_value").contains(orderId.toString());
	}

	private static OrderLine line() {
		return new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"));
	}
}
