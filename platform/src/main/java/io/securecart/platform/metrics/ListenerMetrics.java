package io.securecart.platform.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.messaging.Message;

/**
 * What every {@code @SqsListener} does with the messages of its queue: received ({@value #RECEIVED}), received again
 * after a failed attempt ({@value #REDELIVERED}: SQS's {@code ApproximateReceiveCount} above 1), and how long each
 * took and how it ended ({@value #PROCESSING}, {@code outcome} {@code processed} or {@code failed}; a failed message
 * comes back after its visibility timeout, and after {@code maxReceiveCount} receives lands in the DLQ), and how
 * long it waited for a listener ({@value #WAITED}: from SQS's {@code SentTimestamp} to this listener taking it, the
 * time in the queue and in the container's hand-off; a hop's latency is this plus its processing). Tagged with the
 * {@code queue}. A listener container interceptor, so no listener has to remember it.
 */
class ListenerMetrics implements MessageInterceptor<Object> {

	static final String RECEIVED = "securecart.listener.messages.received";

	static final String REDELIVERED = "securecart.listener.messages.redelivered";

	static final String PROCESSING = "securecart.listener.processing";

	static final String WAITED = "securecart.listener.queue.wait";

	/** When this attempt started, carried on the message from {@link #intercept} to {@link #afterProcessing}. */
	private static final String STARTED = "securecart-listener-started-nanos";

	private final MeterRegistry registry;

	private final Clock clock;

	ListenerMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		String queue = queueOf(message);
		Counter.builder(RECEIVED)
			.description("Messages a listener received, redeliveries included")
			.tag("queue", queue)
			.register(registry)
			.increment();
		if (receiveCount(message) > 1) {
			Counter.builder(REDELIVERED)
				.description("Messages received again after a failed or unfinished attempt (ApproximateReceiveCount > 1)")
				.tag("queue", queue)
				.register(registry)
				.increment();
		}
		sentAt(message).map(sent -> Duration.between(sent, clock.instant()))
			.ifPresent(waited -> Timer.builder(WAITED)
				.description("Time from SQS's SentTimestamp to a listener taking the message, redeliveries included")
				.tag("queue", queue)
				.register(registry)
				.record(waited.isNegative() ? Duration.ZERO : waited));
		return MessageHeaderUtils.addHeaderIfAbsent(message, STARTED, System.nanoTime());
	}

	private static Optional<Instant> sentAt(Message<?> message) {
		Object sent = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP);
		try {
			return sent == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(sent.toString())));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	@Override
	public void afterProcessing(Message<Object> message, Throwable failure) {
		Timer timer = Timer.builder(PROCESSING)
			.description("Time a listener took per message, by outcome (processed: acknowledged; failed: back to the queue)")
			.tag("queue", queueOf(message))
			.tag("outcome", failure == null ? "processed" : "failed")
			.register(registry);
		if (message.getHeaders().get(STARTED) instanceof Long started) {
			timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
		else {
			timer.record(java.time.Duration.ZERO);
		}
	}

	private static String queueOf(Message<?> message) {
		Object queue = message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER);
		return queue == null ? "unknown" : queue.toString();
	}

	private static int receiveCount(Message<?> message) {
		Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
		try {
			return count == null ? 1 : Integer.parseInt(count.toString());
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}
}
