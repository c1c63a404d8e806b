package io.securecart.checkout.cart;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CartLineTest {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final Duration TTL = Duration.ofDays(30);

	@Test
	void aNewLineHoldsTheQuantityAndExpiresAfterTheTimeToLiveInEpochSeconds() {
		CartLine line = CartLine.of("alice", "SC-MUG-002", 2, NOW, TTL);

		assertThat(line.getQuantity()).isEqualTo(2);
		assertThat(line.getVersion()).as("unwritten: the first put requires that no line exists").isNull();
		assertThat(line.getExpiresAt()).isEqualTo(NOW.plus(TTL).getEpochSecond());
		assertThat(line.isExpiredAt(NOW.plus(TTL).minusSeconds(1))).isFalse();
		assertThat(line.isExpiredAt(NOW.plus(TTL))).isTrue();
	}

	@Test
	void addingAddsToTheQuantityAndStartsTheTimeToLiveAgain() {
		CartLine line = CartLine.of("alice", "SC-MUG-002", 2, NOW, TTL);

		line.add(3, NOW.plusSeconds(60), TTL);

		assertThat(line.getQuantity()).isEqualTo(5);
		assertThat(line.getExpiresAt()).isEqualTo(NOW.plusSeconds(60).plus(TTL).getEpochSecond());
	}

	@Test
	void aLineHoldsAtMostWhatAnOrderLineMayAndNeverNothing() {
		CartLine line = CartLine.of("alice", "SC-MUG-002", 99, NOW, TTL);

		assertThatThrownBy(() -> line.add(2, NOW, TTL)).isInstanceOf(CartLimitException.class)
			.hasMessageContaining("101");
		assertThat(line.getQuantity()).as("unchanged").isEqualTo(99);
		assertThatThrownBy(() -> line.changeQuantity(0, NOW, TTL)).isInstanceOf(CartLimitException.class);
		line.changeQuantity(CartLine.MAX_QUANTITY, NOW, TTL);
		assertThat(line.getQuantity()).isEqualTo(100);
	}
}
