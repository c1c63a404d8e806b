package io.securecart.checkout.order;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimedKeyTest {

	private final UUID orderId = UUID.randomUUID();

	private final IdempotencyKeys.ClaimedKey claimed = new IdempotencyKeys.ClaimedKey("fingerprint-a", orderId);

	@Test
	void theSameRequestGetsTheOrderItPlaced() {
		assertThat(claimed.orderFor("fingerprint-a")).isEqualTo(orderId);
	}

	@Test
	void aDifferentRequestIsRefused() {
		assertThatThrownBy(() -> claimed.orderFor("fingerprint-b")).isInstanceOf(IdempotencyKeyReusedException.class)
			.hasMessage("Idempotency-Key reused with a different request");
	}
}
