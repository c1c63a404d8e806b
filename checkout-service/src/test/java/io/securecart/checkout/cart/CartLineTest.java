package io.securecart.checkout.cart;

import java.time.Duration;
import java.time.Instant;

import io.securecart.checkout.order.OrderedCartLine;
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
	void everyWriteRecordsWhenItWasWrittenWhichTheOrderRecordsWithItsVersion() {
		CartLine line = CartLine.of("alice", "SC-MUG-002", 2, NOW, TTL);
		assertThat(line.getWrittenAt()).isEqualTo(NOW);

		line.add(1, NOW.plusNanos(1_000), TTL);
		assertThat(line.getWrittenAt()).as("to the clock's microsecond, not the expiry's second")
			.isEqualTo(NOW.plusNanos(1_000));

		line.changeQuantity(1, NOW.plusSeconds(5), TTL);
		line.setVersion(3L);
		assertThat(line.asOrdered()).isEqualTo(new OrderedCartLine("SC-MUG-002", 3, NOW.plusSeconds(5)));
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
