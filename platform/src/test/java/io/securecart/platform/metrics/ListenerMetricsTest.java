package io.securecart.platform.metrics;

import java.util.Map;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerMetricsTest {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final ListenerMetrics metrics = new ListenerMetrics(registry);

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

	private long timerCount(String queue, String outcome) {
		return registry.get(ListenerMetrics.PROCESSING).tag("queue", queue).tag("outcome", outcome).timer().count();
	}

	private static Message<Object> message(String queue, String receiveCount) {
		return MessageBuilder.<Object>withPayload("{}")
			.copyHeaders(Map.of(SqsHeaders.SQS_QUEUE_NAME_HEADER, queue,
					SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT, receiveCount))
			.build();
	}
}
