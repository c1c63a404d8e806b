package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.platform.messaging.UnexpectedEventException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/** An event inventory does not handle fails (and so ends in the DLQ) instead of being acknowledged and lost. */
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
}
