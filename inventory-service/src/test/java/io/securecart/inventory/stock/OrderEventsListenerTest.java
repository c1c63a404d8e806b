package io.securecart.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRejected;
import io.securecart.platform.messaging.ReceiveLimits;
import io.securecart.platform.messaging.UnexpectedEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * An event inventory does not handle fails (and so ends in the DLQ) instead of being acknowledged and lost; the
 * compensations it handles release the order's stock.
 */
class OrderEventsListenerTest {

	private final Reservations reservations = mock(Reservations.class);

	private final ReceiveLimits receiveLimits = mock(ReceiveLimits.class);

	private final OrderEventsListener listener = new OrderEventsListener(reservations, receiveLimits);

	@Test
	void failsAnEventItDoesNotHandleSoItIsDeadLetteredNotLost() {
		PaymentDeclined unexpected = new PaymentDeclined(UUID.randomUUID(), UUID.randomUUID(), "alice", "declined",
				Instant.parse("2026-12-01T10:00:00Z"));

		assertThatThrownBy(() -> listener.on(unexpected, "1")).isInstanceOf(UnexpectedEventException.class)
			.hasMessageContaining("PaymentDeclined")
			.hasMessageContaining(unexpected.eventId().toString());
		verifyNoInteractions(reservations);
	}

	@Test
	void releasesTheStockOfAnOrderWhosePaymentCheckoutRejected() {
		PaymentRejected rejected = new PaymentRejected(UUID.randomUUID(), UUID.randomUUID(), "alice",
				UUID.randomUUID(), Money.of("10.00"), Money.of("12.00"), Instant.parse("2026-12-01T10:00:00Z"));

		listener.on(rejected, "1");

		verify(reservations).release(rejected);
	}

	/** The operator's ERROR once, on the receive that sends it to the DLQ; a WARN on the receives before. */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aPaymentNotForItsLinesIsAnErrorOnceOnItsLastReceive(CapturedOutput output) {
		PaymentAuthorized payment = new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), "alice",
				UUID.randomUUID(), Money.of("0.00"), List.of(new OrderLine("SKU-MUG", 1, Money.of("12.00"))),
				Instant.parse("2026-12-01T10:00:00Z"));
		doThrow(new PaymentNotForItsLinesException(payment, Money.of("12.00"))).when(reservations).reserve(payment);
		when(receiveLimits.maxReceiveCount(MessagingNames.INVENTORY_QUEUE)).thenReturn(OptionalInt.of(5));

		for (int receive = 1; receive <= 5; receive++) {
			String count = String.valueOf(receive);
			assertThatThrownBy(() -> listener.on(payment, count)).as("it still fails, into the DLQ")
				.isInstanceOf(PaymentNotForItsLinesException.class);
		}

		List<String> logged = output.getAll().lines().filter(line -> line.contains("Cannot process")).toList();
		assertThat(logged).hasSize(5);
		assertThat(logged).filteredOn(line -> line.contains("ERROR")).singleElement().asString()
			.contains("receive 5 of 5", payment.orderId().toString());
		assertThat(logged).filteredOn(line -> line.contains("WARN")).hasSize(4);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aPaymentNotForItsLinesIsAnErrorOnEveryReceiveWhenTheLastCannotBeTold(CapturedOutput output) {
		PaymentAuthorized payment = new PaymentAuthorized(UUID.randomUUID(), UUID.randomUUID(), "alice",
				UUID.randomUUID(), Money.of("0.00"), List.of(new OrderLine("SKU-MUG", 1, Money.of("12.00"))),
				Instant.parse("2026-12-01T10:00:00Z"));
		doThrow(new PaymentNotForItsLinesException(payment, Money.of("12.00"))).when(reservations).reserve(payment);
		when(receiveLimits.maxReceiveCount(MessagingNames.INVENTORY_QUEUE)).thenReturn(OptionalInt.empty());

		assertThatThrownBy(() -> listener.on(payment, "2")).isInstanceOf(PaymentNotForItsLinesException.class);

		assertThat(output.getAll().lines().filter(line -> line.contains("Cannot process"))).singleElement()
			.asString()
			.contains("ERROR", "receive 2 of unknown");
	}
}
