package io.securecart.checkout.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.Test;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The decoupled mode: {@code OrderPlaced} into the outbox for {@code orders.fifo}, and nothing to wait for. */
class DecoupledPaymentTest {

	private final Outbox outbox = mock(Outbox.class);

	private final DecoupledPayment payment = new DecoupledPayment(outbox);

	@Test
	void sendsOrderPlacedToTheFifoQueueGroupedByCustomerAndDeduplicatedByOrder() {
		UUID orderId = UUID.randomUUID();
		OrderPlaced placed = new OrderPlaced(UUID.randomUUID(), orderId, "alice",
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Money.of("12.50"), "tok_visa",
				Instant.now());

		payment.orderPlaced(placed);

		verify(outbox).sendToFifoQueue(MessagingNames.ORDERS_QUEUE, placed, "alice", orderId.toString());
	}

	@Test
	void theCustomerWaitsForNothing() {
		payment.beforeAnswering(new OrderView(UUID.randomUUID(), "alice", OrderStatus.PLACED, null,
				new BigDecimal("12.50"), "USD", List.of(), List.of()), new PaymentToken("tok_visa"));

		verifyNoInteractions(outbox);
	}
}
