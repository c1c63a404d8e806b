package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.UnexpectedEventException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * An event inventory does not handle fails (and so ends in the DLQ) instead of being acknowledged and lost; the
 * compensations it handles release the order's stock.
 */
class OrderEventsListenerTest {

	private final Reservations reservations = mock(Reservations.class);

	private final OrderEventsListener listener = new OrderEventsListener(reservations);

	@Test
	void failsAnEventItDoesNotHandleSoItIsDeadLetteredNotLost() {
		PaymentDeclined unexpected = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "alice", "declined",
				Instant.now());

		assertThatThrownBy(() -> listener.on(unexpected)).isInstanceOf(UnexpectedEventException.class)
			.hasMessageContaining("PaymentDeclined")
			.hasMessageContaining(unexpected.eventId().toString());
		verifyNoInteractions(reservations);
	}

	@Test
	void releasesTheStockOfAnOrderWhosePaymentCheckoutRejected() {
		PaymentRejected rejected = new PaymentRejected(UUID.randomUUID(), UUID.randomUUID(), "alice",
				UUID.randomUUID(), Money.of("10.00"), Money.of("12.00"), Instant.parse("2026-12-01T10:00:00Z"));

		listener.on(rejected);

		verify(reservations).release(rejected);
	}
}
