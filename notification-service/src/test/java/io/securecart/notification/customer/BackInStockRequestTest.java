package io.securecart.notification.customer;

import java.time.Instant;
import java.util.UUID;

import io.securecart.contracts.events.StockLevelChanged;
import io.securecart.contracts.events.StockLevelChanged.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BackInStockRequestTest {

	private static final Instant ASKED = Instant.parse("2026-11-30T10:00:00Z");

	private static final Instant BACK = Instant.parse("2026-11-30T12:00:00Z");

	@Test
	void waitsUntilNotifiedOnceAndWaitsAgainWhenAskedAgain() {
		BackInStockRequest request = BackInStockRequest.of("alice", "SC-MUG-002", ASKED);
		assertThat(request.isWaiting()).isTrue();

		request.notified(UUID.randomUUID(), BACK);

		assertThat(request.isWaiting()).isFalse();
		assertThat(request.getNotifiedAt()).isEqualTo(BACK);
		assertThatIllegalStateException().isThrownBy(() -> request.notified(UUID.randomUUID(), BACK));
		request.askAgain(BACK.plusSeconds(60));
		assertThat(request.isWaiting()).isTrue();
		assertThat(request.getRequestedAt()).isEqualTo(BACK.plusSeconds(60));
	}

	@Test
	void askingAgainWhileWaitingKeepsItsPlace() {
		BackInStockRequest request = BackInStockRequest.of("alice", "SC-MUG-002", ASKED);

		request.askAgain(BACK);

		assertThat(request.getRequestedAt()).isEqualTo(ASKED);
	}

	@Test
	void aBackInStockNotificationNamesTheProductAndNoOrder() {
		StockLevelChanged back = new StockLevelChanged(UUID.randomUUID(), "SC-MUG-002", Level.OUT_OF_STOCK,
				Level.IN_STOCK, 12, 5, BACK);

		Notification notification = Notification.backInStock(back, "alice", BACK);

		assertThat(notification.getKind()).isEqualTo(NotificationKind.BACK_IN_STOCK);
		assertThat(notification.getCustomerId()).isEqualTo("alice");
		assertThat(notification.getOrderId()).isNull();
		assertThat(notification.getEventId()).isEqualTo(back.eventId());
		assertThat(notification.getMessage()).contains("SC-MUG-002");
		assertThatIllegalArgumentException().isThrownBy(() -> Notification.backInStock(new StockLevelChanged(
				UUID.randomUUID(), "SC-MUG-002", Level.IN_STOCK, Level.LOW, 3, 5, BACK), "alice", BACK));
	}
}
