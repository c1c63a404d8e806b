package io.securecart.platform.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.platform.tracing.MessageTracing;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class OutboxTest {

	private final JdbcClient jdbc = mock();

	private final Outbox outbox = new Outbox(jdbc, OrderEventCodec.standalone(), MessageTracing.disabled(),
			new StaticListableBeanFactory().getBeanProvider(OutboxRelay.class));

	@Test
	void aMessageDueLaterIsRefusedForAFifoQueueWhichSqsDelaysOnlyAsAWhole() {
		Instant now = Instant.parse("2026-12-06T02:00:00Z");
		OrderPlaced event = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
				List.of(new OrderLine("SC-MUG-002", 1, Money.of("12.50"))), Money.of("12.50"), null, now);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> outbox.sendToQueue("orders.fifo", event, now.plusSeconds(60)))
			.withMessageContaining("orders.fifo");
		verifyNoInteractions(jdbc);
	}
}
