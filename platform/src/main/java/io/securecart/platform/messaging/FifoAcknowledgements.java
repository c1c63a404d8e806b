package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementProcessor;

/**
 * Deletes the messages of a FIFO queue in batches, as Spring Cloud AWS does for standard queues: the processed
 * messages go out in one {@code DeleteMessageBatch} once {@code threshold} of them are waiting, or {@code interval}
 * after the last batch. Spring Cloud AWS deletes each FIFO message on its own by default, one request per message:
 * payment's acknowledgements of {@code orders.fifo} were a request per order, at any load (issue 17).
 * <p>
 * Order is unaffected: acknowledgements go out in the order the messages were processed (Spring Cloud AWS's
 * {@code ORDERED} for batched FIFO acknowledgements), and a message whose deletion is lost comes back after its
 * visibility timeout, in its group's order, and is found in the inbox. What it costs: SQS hands out a message group's
 * next message only once the one before it is deleted, so a customer's next order that arrives while the previous
 * one waits for its batch waits up to {@code interval} longer. Orders of different customers, and a group's orders
 * that were received together, do not wait. An {@code interval} of zero deletes each message at once, as before.
 * Standard queues keep Spring Cloud AWS's own batching (ten messages or one second).
 */
final class FifoAcknowledgements {

	private FifoAcknowledgements() {
	}

	/** The listener containers this factory makes acknowledge FIFO queues in batches (standard ones as before). */
	static void batch(SqsMessageListenerContainerFactory<Object> factory, Duration interval, int threshold) {
		if (interval.isZero()) {
			return;
		}
		factory.setContainerComponentFactories(
				List.of(new BatchedFifoComponentFactory<>(interval, threshold), new StandardSqsComponentFactory<>()));
	}

	/** Spring Cloud AWS's FIFO components, acknowledging in batches. */
	static final class BatchedFifoComponentFactory<T> extends FifoSqsComponentFactory<T> {

		private final Duration interval;

		private final int threshold;

		BatchedFifoComponentFactory(Duration interval, int threshold) {
			this.interval = interval;
			this.threshold = threshold;
		}

		@Override
		public AcknowledgementProcessor<T> createAcknowledgementProcessor(SqsContainerOptions options) {
			return super.createAcknowledgementProcessor(
					options.toBuilder().acknowledgementInterval(interval).acknowledgementThreshold(threshold).build());
		}
	}
}
