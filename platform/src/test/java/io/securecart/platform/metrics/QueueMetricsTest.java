package io.securecart.platform.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.platform.metrics.QueueMetrics.MeasuredQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class QueueMetricsTest {

	private final SqsAsyncClient sqs = mock(SqsAsyncClient.class);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final QueueMetrics metrics = new QueueMetrics(sqs, registry,
			() -> List.of(new MeasuredQueue("orders.fifo", "url/orders.fifo", false),
					new MeasuredQueue("orders-dlq.fifo", "url/orders-dlq.fifo", true)),
			Duration.ofSeconds(1));

	@Test
	void reportsDepthInFlightAndAgeOfEveryQueueTaggedWithItsKind() {
		attributes("url/orders.fifo", "3", "2", "75");
		attributes("url/orders-dlq.fifo", "1", "0", "4");

		metrics.sample();

		assertThat(gauge(QueueMetrics.VISIBLE, "orders.fifo", "queue")).isEqualTo(3);
		assertThat(gauge(QueueMetrics.IN_FLIGHT, "orders.fifo", "queue")).isEqualTo(2);
		assertThat(gauge(QueueMetrics.OLDEST_AGE, "orders.fifo", "queue")).isEqualTo(75);
		assertThat(gauge(QueueMetrics.VISIBLE, "orders-dlq.fifo", "dead-letter")).isEqualTo(1);
		assertThat(gauge(QueueMetrics.OLDEST_AGE, "orders-dlq.fifo", "dead-letter")).isEqualTo(4);
	}

	/** Each sample costs the broker one request per queue, not one for the counts and another for the age. */
	@Test
	void readsEachQueueWithOneRequestPerSample() {
		attributes("url/orders.fifo", "3", "2", "75");
		attributes("url/orders-dlq.fifo", "1", "0", null);

		metrics.sample();
		metrics.sample();

		verify(sqs, times(4)).getQueueAttributes(any(GetQueueAttributesRequest.class));
		assertThat(gauge(QueueMetrics.OLDEST_AGE, "orders-dlq.fifo", "dead-letter")).as("an empty queue").isZero();
	}

	/**
	 * Micrometer ignores a gauge registered again, and says so: a warning every service logged once per start, then
	 * at debug level, once per JVM, so the test listens at debug level.
	 */
	@Test
	void registersEachQueuesGaugesOnceAndLetsThemFollowLaterSamples() {
		Logger micrometer = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		Level level = micrometer.getLevel();
		micrometer.setLevel(Level.DEBUG);
		micrometer.addAppender(logged);
		try {
			attributes("url/orders.fifo", "3", "2", "75");
			attributes("url/orders-dlq.fifo", "1", "0", "4");
			metrics.sample();
			attributes("url/orders.fifo", "9", "0", "1");

			metrics.sample();
		}
		finally {
			micrometer.detachAppender(logged);
			micrometer.setLevel(level);
		}

		assertThat(gauge(QueueMetrics.VISIBLE, "orders.fifo", "queue")).isEqualTo(9);
		assertThat(registry.find(QueueMetrics.VISIBLE).gauges()).hasSize(2);
		assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.noneMatch(message -> message.contains("already registered"));
	}

	@Test
	void aBrokerWithoutTheAgeAttributeIsNotAskedAgainAndTheAgeIsUnknown() {
		attributes("url/orders.fifo", "0", "0", null);
		attributes("url/orders-dlq.fifo", "0", "0", null);
		when(sqs.getQueueAttributes(argThat((GetQueueAttributesRequest request) -> request.attributeNamesAsStrings()
			.contains(QueueMetrics.AGE_ATTRIBUTE))))
			.thenReturn(CompletableFuture.failedFuture(SqsException.builder()
				.awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidAttributeName").build())
				.build()));

		metrics.sample();
		metrics.sample();

		assertThat(gauge(QueueMetrics.OLDEST_AGE, "orders.fifo", "queue")).isNaN();
		assertThat(gauge(QueueMetrics.VISIBLE, "orders.fifo", "queue")).isZero();
		assertThat(gauge(QueueMetrics.IN_FLIGHT, "orders-dlq.fifo", "dead-letter")).isZero();
		verify(sqs, times(1)).getQueueAttributes(argThat((GetQueueAttributesRequest request) -> request
			.attributeNamesAsStrings()
			.contains(QueueMetrics.AGE_ATTRIBUTE)));
	}

	@Test
	void aQueueThatDoesNotAnswerKeepsItsLastNumbers() {
		attributes("url/orders.fifo", "5", "0", "10");
		attributes("url/orders-dlq.fifo", "0", "0", "0");
		metrics.sample();
		when(sqs.getQueueAttributes(argThat((GetQueueAttributesRequest request) -> request.queueUrl()
			.equals("url/orders.fifo")))).thenReturn(CompletableFuture.failedFuture(new IllegalStateException("down")));

		metrics.sample();

		assertThat(gauge(QueueMetrics.VISIBLE, "orders.fifo", "queue")).isEqualTo(5);
		assertThat(gauge(QueueMetrics.OLDEST_AGE, "orders.fifo", "queue")).isEqualTo(10);
	}

	private double gauge(String name, String queue, String kind) {
		return registry.get(name).tag("queue", queue).tag("kind", kind).gauge().value();
	}

	/** What the broker answers for the queue at {@code url}, whatever it is asked; {@code age} null: no oldest message. */
	private void attributes(String url, String visible, String inFlight, String age) {
		Map<String, String> attributes = new HashMap<>(Map.of("ApproximateNumberOfMessages", visible,
				"ApproximateNumberOfMessagesNotVisible", inFlight));
		if (age != null) {
			attributes.put(QueueMetrics.AGE_ATTRIBUTE, age);
		}
		when(sqs.getQueueAttributes(argThat((GetQueueAttributesRequest request) -> request != null
				&& request.queueUrl().equals(url) && request.attributeNamesAsStrings().contains("ApproximateNumberOfMessages"))))
			.thenReturn(CompletableFuture.completedFuture(
					GetQueueAttributesResponse.builder().attributesWithStrings(attributes).build()));
	}
}
