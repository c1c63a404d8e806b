package io.securecart.notification.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEvent;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.contracts.events.OrderShipped;
import io.securecart.contracts.events.PaymentAuthorized;
import io.securecart.contracts.events.FraudReviewRequired;
import io.securecart.contracts.events.FraudScreeningFailed;
import io.securecart.contracts.events.FraudScreeningPassed;
import io.securecart.contracts.events.PaymentDeclined;
import io.securecart.contracts.events.PaymentRefunded;
import io.securecart.contracts.events.StockRejected;
import io.securecart.contracts.events.StockReserved;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final Duration CLAIM = Duration.ofSeconds(20);

	private static final UUID ORDER_ID = UUID.fromString("7d0c2b8e-3f4a-4a57-9a43-2f1f7e7b9c10");

	private static final List<OrderLine> LINES = List.of(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")));

	@Test
	void tellsTheCustomerTheirOrderShippedWithItsTrackingNumber() {
		var shipped = new OrderShipped(UUID.randomUUID(), ORDER_ID, "alice", UUID.randomUUID(), "SC1A2B3C4D5E6F7A8B",
				LINES, Instant.now());

		Notification notification = Notification.about(shipped, NOW);

		assertThat(notification.getKind()).isEqualTo(NotificationKind.ORDER_SHIPPED);
		assertThat(notification.getMessage()).isEqualTo(
				"Your order 7d0c2b8e-3f4a-4a57-9a43-2f1f7e7b9c10 is on its way. Tracking number: SC1A2B3C4D5E6F7A8B.");
		assertThat(notification.getEventId()).isEqualTo(shipped.eventId());
		assertThat(notification.getOrderId()).isEqualTo(ORDER_ID);
		assertThat(notification.getCustomerId()).isEqualTo("alice");
		assertThat(notification.getCreatedAt()).isNotNull();
	}

	@Test
	void tellsTheCustomerTheirPaymentWasDeclinedWithoutTheProvidersReason() {
		var declined = new PaymentDeclined(UUID.randomUUID(), ORDER_ID, "bob", "card 4000000000000002 do_not_honor",
				Instant.now());

		Notification notification = Notification.about(declined, NOW);

		assertThat(notification.getKind()).isEqualTo(NotificationKind.PAYMENT_DECLINED);
		assertThat(notification.getMessage()).isEqualTo("We could not take the payment for your order "
				+ "7d0c2b8e-3f4a-4a57-9a43-2f1f7e7b9c10, so we have cancelled it. You have not been charged.");
		assertThat(notification.getMessage()).doesNotContain("4000", "do_not_honor");
	}

	@Test
	void tellsTheCustomerTheirOrderWasCancelledAndRefunded() {
		UUID paymentId = UUID.randomUUID();
		var refunded = new PaymentRefunded(UUID.randomUUID(), ORDER_ID, "carol", paymentId, Money.of("39.98"),
				"OUT_OF_STOCK", Instant.now());

		Notification notification = Notification.about(refunded, NOW);

		assertThat(notification.getKind()).isEqualTo(NotificationKind.ORDER_CANCELLED_REFUNDED);
		assertThat(notification.getMessage()).isEqualTo("Sorry, we could not fulfil your order "
				+ "7d0c2b8e-3f4a-4a57-9a43-2f1f7e7b9c10 and have cancelled it. Your payment of 39.98 USD has been refunded.");
		assertThat(notification.getMessage()).doesNotContain(paymentId.toString());
	}

	@Test
	void tellsTheCustomerAnUnclearedOrderWasCancelledWithoutTheVerdictsReasons() {
		var failed = new FraudScreeningFailed(UUID.randomUUID(), ORDER_ID, "dave", "rules",
				List.of("card reported stolen (+100)"), Instant.now());

		Notification notification = Notification.about(failed, NOW);

		assertThat(notification.getKind()).isEqualTo(NotificationKind.ORDER_CANCELLED_NOT_CHARGED);
		assertThat(notification.getMessage()).isEqualTo("We could not confirm your order "
				+ "7d0c2b8e-3f4a-4a57-9a43-2f1f7e7b9c10, so we have cancelled it. You have not been charged.");
		assertThat(notification.getMessage()).doesNotContainIgnoringCase("stolen").doesNotContainIgnoringCase("fraud");
	}

	@Test
	void isRecordedUnsentAndSentOnceByTheSenderThatClaimedIt() {
		var declined = new PaymentDeclined(UUID.randomUUID(), ORDER_ID, "alice", "insufficient funds", NOW);
		Notification notification = Notification.about(declined, NOW);
		assertThat(notification.isSent()).isFalse();
		assertThatThrownBy(() -> notification.sent(NOW)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("not claimed");

		notification.claim(NOW, CLAIM);
		notification.sent(NOW.plusSeconds(1));

		assertThat(notification.getSentAt()).isEqualTo(NOW.plusSeconds(1));
		assertThat(notification.getClaimedUntil()).isNull();
		assertThatThrownBy(() -> notification.sent(NOW.plusSeconds(2))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("already sent");
		assertThatThrownBy(() -> notification.claim(NOW.plusSeconds(2), CLAIM))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("already sent");
		assertThat(notification.getSentAt()).isEqualTo(NOW.plusSeconds(1));
	}

	@Test
	void isClaimedByOneSenderUntilTheClaimRunsOut() {
		Notification notification = Notification.about(
				new PaymentDeclined(UUID.randomUUID(), ORDER_ID, "alice", "insufficient funds", NOW), NOW);

		notification.claim(NOW, CLAIM);

		assertThat(notification.isClaimedAt(NOW.plus(CLAIM).minusMillis(1))).isTrue();
		assertThatThrownBy(() -> notification.claim(NOW.plusSeconds(1), CLAIM))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("claimed until " + NOW.plus(CLAIM));
		assertThat(notification.isClaimedAt(NOW.plus(CLAIM))).isFalse();
		notification.claim(NOW.plus(CLAIM), CLAIM);
		assertThat(notification.getClaimedUntil()).isEqualTo(NOW.plus(CLAIM).plus(CLAIM));
	}

	@Test
	void aFailedAttemptReleasesTheClaimAndGoesToTheBackOfTheLine() {
		Notification notification = Notification.about(
				new PaymentDeclined(UUID.randomUUID(), ORDER_ID, "alice", "insufficient funds", NOW), NOW);
		assertThatThrownBy(() -> notification.attemptFailed(NOW, Duration.ZERO)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("not claimed");
		notification.claim(NOW, CLAIM);

		notification.attemptFailed(NOW.plusSeconds(3), Duration.ZERO);

		assertThat(notification.isSent()).isFalse();
		assertThat(notification.getLastAttemptAt()).isEqualTo(NOW.plusSeconds(3));
		assertThat(notification.getClaimedUntil()).isNull();
		assertThat(notification.isClaimedAt(NOW.plusSeconds(3))).isFalse();
		assertThat(notification.waitingSince()).isEqualTo(NOW.plusSeconds(3));
		assertThat(notification.getFailedAttempts()).isOne();

		notification.claim(NOW.plusSeconds(40), CLAIM);
		notification.attemptFailed(NOW.plusSeconds(41), Duration.ofSeconds(30));

		assertThat(notification.getFailedAttempts()).as("counted").isEqualTo(2);
		assertThat(notification.waitingSince()).as("its wait counts from after its back-off")
			.isEqualTo(NOW.plusSeconds(71));
	}

	@ParameterizedTest
	@MethodSource("eventsCustomersAreNotToldAbout")
	void refusesEventsCustomersAreNotToldAbout(OrderEvent event) {
		assertThatThrownBy(() -> Notification.about(event, NOW)).isInstanceOf(NotCustomerFacingEventException.class)
			.hasMessageContaining(event.eventType())
			.hasMessageContaining(event.eventId().toString())
			.hasMessageNotContaining("tok_");
	}

	static List<OrderEvent> eventsCustomersAreNotToldAbout() {
		Instant now = Instant.now();
		return List.of(
				new OrderPlaced(UUID.randomUUID(), ORDER_ID, "alice", LINES, Money.of("39.98"), "tok_visa", now),
				new PaymentAuthorized(UUID.randomUUID(), ORDER_ID, "alice", UUID.randomUUID(), Money.of("39.98"),
						LINES, now),
				new StockReserved(UUID.randomUUID(), ORDER_ID, "alice", LINES, now),
				new FraudReviewRequired(UUID.randomUUID(), ORDER_ID, "alice", List.of("first order above 1000.00 USD"),
						now.plusSeconds(1800), now),
				new FraudScreeningPassed(UUID.randomUUID(), ORDER_ID, "alice", "rules", List.of(), now),
				new StockRejected(UUID.randomUUID(), ORDER_ID, "alice", List.of("SC-POSTER-006"), "out of stock",
						now));
	}
}
