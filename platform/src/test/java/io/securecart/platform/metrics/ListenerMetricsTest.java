package io.securecart.platform.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerMetricsTest {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T21:00:00.750Z"), ZoneOffset.UTC);

	private final ListenerMetrics metrics = new ListenerMetrics(registry, clock);

	@Test
	void countsReceivedAndTimesAProcessedMessage() {
		Message<Object> received = metrics.intercept(message("checkout-order-events", "1"));
		metrics.afterProcessing(received, null);

		assertThat(registry.get(ListenerMetrics.RECEIVED).tag("queue", "checkout-order-events").counter().count())
			.isEqualTo(1);
		assertThat(registry.find(ListenerMetrics.REDELIVERED).counter()).isNull();
		assertThat(timerCount("checkout-order-events", "processed")).isEqualTo(1);
		assertThat(registry.find(ListenerMetrics.PROCESSING).tag("outcome", "failed").timer()).isNull();
	}

	@Test
	void aSecondReceiveIsARedeliveryAndAnExceptionAFailure() {
		Message<Object> first = metrics.intercept(message("orders.fifo", "1"));
		metrics.afterProcessing(first, new IllegalStateException("boom"));
		Message<Object> second = metrics.intercept(message("orders.fifo", "2"));
		metrics.afterProcessing(second, null);

		assertThat(registry.get(ListenerMetrics.RECEIVED).tag("queue", "orders.fifo").counter().count()).isEqualTo(2);
		assertThat(registry.get(ListenerMetrics.REDELIVERED).tag("queue", "orders.fifo").counter().count())
			.isEqualTo(1);
		assertThat(timerCount("orders.fifo", "failed")).isEqualTo(1);
		assertThat(timerCount("orders.fifo", "processed")).isEqualTo(1);
	}

	@Test
	void timesTheWaitFromSentTimestampToTheListener() {
		long sent = Instant.parse("2026-12-01T21:00:00.500Z").toEpochMilli();
		metrics.intercept(message("fulfillment-tasks", "1", sent));
		metrics.intercept(message("fulfillment-tasks", "1", sent - 1_000));

		var waited = registry.get(ListenerMetrics.WAITED).tag("queue", "fulfillment-tasks").timer();
		assertThat(waited.count()).isEqualTo(2);
		assertThat(waited.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250 + 1_250);
		assertThat(waited.max(TimeUnit.MILLISECONDS)).isEqualTo(1_250);
	}

	@Test
	void aMessageWithoutSentTimestampIsNotTimed() {
		metrics.intercept(message("orders.fifo", "1"));

		assertThat(registry.find(ListenerMetrics.WAITED).timer()).isNull();
	}

	private long timerCount(String queue, String outcome) {
		return registry.get(ListenerMetrics.PROCESSING).tag("queue", queue).tag("outcome", outcome).timer().count();
	}

	private static Message<Object> message(String queue, String receiveCount, long sentTimestamp) {
		return MessageBuilder.fromMessage(message(queue, receiveCount))
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP, String.valueOf(sentTimestamp))
			.build();
	}

	private static Message<Object> message(String queue, String receiveCount) {
		return MessageBuilder.<Object>withPayload("{}")
			.copyHeaders(Map.of(SqsHeaders.SQS_QUEUE_NAME_HEADER, queue,
					SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT, receiveCount))
			.build();
	}
}
