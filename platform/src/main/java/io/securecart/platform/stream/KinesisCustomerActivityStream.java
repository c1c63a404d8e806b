package io.securecart.platform.stream;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.activity.CustomerActivity;
import io.securecart.contracts.activity.CustomerActivityCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link CustomerActivityStream} on Kinesis: {@link #record} only offers the activity to a bounded buffer; one
 * sender thread puts them, one {@code PutRecord} at a time, in the order they were recorded. One put at a time is
 * what keeps a customer's order: {@code PutRecords} does not guarantee order within a batch, and a failed entry
 * retried in a later batch would land after newer ones. A put that fails is tried again at once, up to
 * {@code attempts} times, before the next one; then it is dropped.
 * <p>
 * A put that timed out may still have been written: the retry writes the activity again, with the same
 * {@code activityId}, and the consumer's read model does not count a fact twice.
 */
class KinesisCustomerActivityStream implements CustomerActivityStream, SmartLifecycle, InitializingBean {

	static final String METRIC = "securecart.activity.records";

	private static final Logger log = LoggerFactory.getLogger(KinesisCustomerActivityStream.class);

	private final KinesisClient kinesis;

	private final KinesisStreams streams;

	private final ActivityStreamProperties properties;

	private final CustomerActivityCodec codec = new CustomerActivityCodec();

	private final BlockingQueue<CustomerActivity> buffer;

	private final Counter put;

	private final Counter droppedBufferFull;

	private final Counter droppedPutFailed;

	private volatile Thread sender;

	private volatile boolean running;

	KinesisCustomerActivityStream(KinesisClient kinesis, KinesisStreams streams, ActivityStreamProperties properties,
			MeterRegistry registry) {
		this.kinesis = kinesis;
		this.streams = streams;
		this.properties = properties;
		this.buffer = new ArrayBlockingQueue<>(properties.bufferCapacity());
		this.put = counter(registry, "put", "none");
		this.droppedBufferFull = counter(registry, "dropped", "buffer-full");
		this.droppedPutFailed = counter(registry, "dropped", "put-failed");
	}

	private Counter counter(MeterRegistry registry, String outcome, String reason) {
		return Counter.builder(METRIC)
			.description("Customer activities put on the stream, or dropped by the producer's bounded failure policy")
			.tag("stream", properties.stream())
			.tag("outcome", outcome)
			.tag("reason", reason)
			.register(registry);
	}

	/** A producer whose stream is missing would drop every activity while looking healthy: refuse to start. */
	@Override
	public void afterPropertiesSet() {
		streams.require(properties.stream());
		log.info("Customer activity stream present: {}", properties.stream());
	}

	@Override
	public void record(CustomerActivity activity) {
		if (!buffer.offer(activity)) {
			droppedBufferFull.increment();
		}
	}

	private void sendUntilStopped() {
		while (running || !buffer.isEmpty()) {
			CustomerActivity next;
			try {
				next = buffer.poll(200, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (next != null) {
				putWithRetries(next);
			}
		}
	}

	private void putWithRetries(CustomerActivity activity) {
		SdkBytes data = SdkBytes.fromByteArray(codec.encode(activity));
		for (int attempt = 1;; attempt++) {
			try {
				kinesis.putRecord(PutRecordRequest.builder()
					.streamName(properties.stream())
					.partitionKey(activity.customerId())
					.data(data)
					.overrideConfiguration(override -> override.apiCallTimeout(properties.putTimeout()))
					.build());
				put.increment();
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= properties.attempts()) {
					droppedPutFailed.increment();
					log.warn("Dropped {} {} after {} attempts to put it on {}: {}",
							activity.getClass().getSimpleName(), activity.activityId(), attempt, properties.stream(),
							ex.toString());
					return;
				}
			}
		}
	}

	@Override
	public synchronized void start() {
		if (sender == null) {
			running = true;
			sender = Thread.ofPlatform().name("activity-stream").daemon().start(this::sendUntilStopped);
		}
	}

	/** Puts what is still buffered, for at most one put timeout per attempt, then stops. */
	@Override
	public synchronized void stop() {
		if (sender != null) {
			running = false;
			try {
				sender.join(properties.putTimeout().multipliedBy(properties.attempts()).plusSeconds(1).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			sender.interrupt();
			sender = null;
		}
	}

	@Override
	public boolean isRunning() {
		return sender != null;
	}
}
