package io.securecart.payment.charge;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.StockRejected;
import io.securecart.payment.gateway.Authorization;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.RefundReceipt;
import io.securecart.platform.inbox.Inbox;
import io.securecart.platform.outbox.Outbox;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** What {@link Payments} asks of the gateway, with the database and the messaging played by mocks. */
class PaymentsTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	private static final String CHARGE = "ch_the_charge";

	private final PaymentRepository repository = mock(PaymentRepository.class);

	private final GatewayClient gateway = mock(GatewayClient.class);

	private final Inbox inbox = mock(Inbox.class);

	private final Payments payments = new Payments(repository, gateway, inbox, mock(Outbox.class),
			mock(PaymentHolds.class), new TransactionTemplate(mock(PlatformTransactionManager.class)),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private final OrderPlaced order = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"))), Money.of("39.98"), "tok_visa", NOW);

	@Test
	void refundsWithAKeyOfItsOwnNotTheCharges() {
		given(inbox.firstDelivery(anyString(), any(OrderEvent.class))).willReturn(true);
		given(repository.save(any(Payment.class))).willAnswer(saved -> saved.getArgument(0));
		given(gateway.authorize(anyString(), eq("tok_visa"), eq(order.total())))
			.willReturn(CompletableFuture.completedFuture(new Authorization.Approved(CHARGE)));
		payments.authorize(order);
		ArgumentCaptor<String> chargeKey = ArgumentCaptor.forClass(String.class);
		verify(gateway).authorize(chargeKey.capture(), eq("tok_visa"), eq(order.total()));
		given(repository.findByOrderId(order.orderId())).willReturn(
				Optional.of(Payment.authorized(order.orderId(), "alice", order.total(), CHARGE, NOW)));
		given(gateway.refund(anyString(), eq(CHARGE), eq(order.total())))
			.willReturn(CompletableFuture.completedFuture(new RefundReceipt("re_the_refund")));

		payments.refund(new StockRejected(UUID.randomUUID(), order.orderId(), "alice", List.of("SC-TSHIRT-001"),
				"out of stock", NOW));

		ArgumentCaptor<String> refundKey = ArgumentCaptor.forClass(String.class);
		verify(gateway).refund(refundKey.capture(), eq(CHARGE), eq(order.total()));
		assertThat(refundKey.getValue()).isEqualTo(Payments.refundKey(order.orderId()))
			.isEqualTo("refund:" + order.orderId())
			.isNotEqualTo(chargeKey.getValue());
		assertThat(chargeKey.getValue()).isEqualTo(Payments.chargeKey(order.orderId()));
	}
}
