package io.securecart.platform.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** The relay's poll outlives a round that failed, whatever it threw. */
class OutboxRelayScheduleTest {

	@Test
	void aRoundThatThrowsAnErrorLeavesThePollRunning() {
		AtomicInteger rounds = new AtomicInteger();
		TransactionTemplate transactions = mock();
		given(transactions.execute(any(TransactionCallback.class))).willAnswer(round -> {
			if (rounds.incrementAndGet() == 1) {
				throw new OutOfMemoryError("a round's payloads did not fit in the heap");
			}
			return 0;
		});
		OutboxRelay relay = new OutboxRelay(mock(JdbcClient.class), transactions, mock(MessagePublisher.class),
				new OutboxProperties(true, Duration.ofMillis(20), 50, Duration.ofMillis(10), Duration.ofMillis(50),
						Duration.ofSeconds(1), 5),
				Clock.fixed(Instant.parse("2026-12-06T14:00:00Z"), ZoneOffset.UTC));

		relay.start();
		try {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rounds).hasValueGreaterThan(2));
			assertThat(relay.isRunning()).isTrue();
		}
		finally {
			relay.stop();
		}
	}
}
