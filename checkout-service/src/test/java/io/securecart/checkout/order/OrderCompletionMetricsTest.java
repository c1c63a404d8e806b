package io.securecart.checkout.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentDeclined;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderCompletionMetricsTest {

	private static final Instant PLACED_AT = Instant.parse("2026-11-30T10:00:00Z");

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50")));

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final OrderCompletionMetrics metrics = new OrderCompletionMetrics(registry);

	@Test
	void recordsThePlacedToTerminalTimeByOutcomeOnceTheOrderIsTerminal() {
		Order shipped = Order.place("alice", LINES, PLACED_AT);
		Instant at = PLACED_AT.plusSeconds(3);
		OrderStatus before = shipped.getStatus();
		shipped.shipped(new OrderShipped(UUID.randomUUID(), shipped.getId(), "alice", UUID.randomUUID(), "TRK-1",
				LINES, at), at);
		metrics.transitioned(shipped, before, at);

		Order declined = Order.place("bob", LINES, PLACED_AT);
		declined.paymentDeclined(new PaymentDeclined(UUID.randomUUID(), declined.getId(), "bob", "insufficient funds",
				PLACED_AT.plusMillis(500)), PLACED_AT.plusMillis(500));
		metrics.transitioned(declined, OrderStatus.PLACED, PLACED_AT.plusMillis(500));

		var shippedTimer = registry.get(OrderCompletionMetrics.METRIC).tag("outcome", "shipped").timer();
		assertThat(shippedTimer.count()).isEqualTo(1);
		assertThat(shippedTimer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3000);
		assertThat(registry.get(OrderCompletionMetrics.METRIC).tag("outcome", "payment_declined").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(500);
	}

	@Test
	void aStepThatLeavesTheOrderOpenOrAnEventAfterTheEndRecordsNothing() {
		Order order = Order.place("alice", LINES, PLACED_AT);
		metrics.transitioned(order, OrderStatus.PLACED, PLACED_AT.plusSeconds(1));
		order.paymentDeclined(new PaymentDeclined(UUID.randomUUID(), order.getId(), "alice", "declined",
				PLACED_AT.plusSeconds(2)), PLACED_AT.plusSeconds(2));
		metrics.transitioned(order, OrderStatus.CANCELLED, PLACED_AT.plusSeconds(2));

		assertThat(registry.find(OrderCompletionMetrics.METRIC).timers()).isEmpty();
	}
}
