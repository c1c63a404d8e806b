package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessagingPropertiesTest {

	@Test
	void refusesAQueueToListenOnThatStartupWouldNotCheck() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(List.of("orders.fifo"), List.of("orders.fifo", "payment-order-events")))
			.withMessageContaining("listens-on")
			.withMessageContaining("payment-order-events");
	}

	@Test
	void takesQueuesToListenOnAmongThoseItChecks() {
		assertThat(properties(List.of("orders.fifo", "payment-order-events"), List.of("payment-order-events"))
			.listensOn()).containsExactly("payment-order-events");
	}

	private static MessagingProperties properties(List<String> queues, List<String> listensOn) {
		return new MessagingProperties(List.of(), queues, listensOn, List.of(), List.of(), Duration.ofSeconds(30));
	}
}
