package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.MessageSink;

/**
 * What a FIFO queue's listener does beyond Spring Cloud AWS's defaults: it deletes its messages in batches, and it
 * keeps the messages of a batch that wait for their turn from coming back to another consumer.
 * <p>
 * <b>Acknowledgements in batches.</b> The processed messages go out in one {@code DeleteMessageBatch} once
 * {@code threshold} of them are waiting, or {@code interval} after the last batch, as Spring Cloud AWS does for
 * standard queues. Spring Cloud AWS deletes each FIFO message on its own by default, one request per message:
 * payment's acknowledgements of {@code orders.fifo} were a request per order, at any load (issue 17, ADR 21).
 * Order is unaffected: acknowledgements go out in the order the messages were processed (Spring Cloud AWS's
 * {@code ORDERED} for batched FIFO acknowledgements), and a message whose deletion is lost comes back after its
 * visibility timeout, in its group's order, and is found in the inbox. What it costs: SQS hands out a message group's
 * next message only once the one before it is deleted, so a customer's next order that arrives while the previous
 * one waits for its batch waits up to {@code interval} longer. An {@code interval} of zero deletes each message at
 * once.
 * <p>
 * <b>The visibility of a group's waiting messages.</b> One receive can hand a listener up to ten messages of one
 * message group, which it processes one after the other. Their visibility timeout runs from the receive, so the
 * last of them could pass it while the ones before it are processed (ten orders whose gateway calls retry take longer
 * than {@code orders.fifo}'s 30 s): SQS would then hand it, and the rest of its group, to another consumer while this
 * one still works, and the group's order and its single consumer at a time are lost. Before each message after the
 * first, Spring Cloud AWS's visibility-extending sink sets the batch's waiting messages' visibility to
 * {@code messageVisibility} again (one {@code ChangeMessageVisibilityBatch}), so each message gets the whole timeout
 * from the moment its predecessor is done. A batch holding one message of its group costs nothing more. Only the
 * sink takes the option: set on the container it would also change what a receive asks for on every queue.
 * <p>
 * Standard queues keep Spring Cloud AWS's own components (deletes in batches of ten or after one second; their
 * messages are processed at once, not one after another).
 */
final class FifoListenerComponents {

	private FifoListenerComponents() {
	}

	/** The listener containers this factory makes get these FIFO components (standard ones as before). */
	static void configure(SqsMessageListenerContainerFactory<Object> factory,
			FifoAcknowledgementProperties acknowledgements, Duration messageVisibility) {
		factory.setContainerComponentFactories(List.of(
				new ComponentFactory<>(acknowledgements.interval(), acknowledgements.threshold(), messageVisibility),
				new StandardSqsComponentFactory<>()));
	}

	/** Spring Cloud AWS's FIFO components, acknowledging in batches and keeping a group's waiting messages. */
	static final class ComponentFactory<T> extends FifoSqsComponentFactory<T> {

		private final Duration interval;

		private final int threshold;

		private final Duration messageVisibility;

		ComponentFactory(Duration interval, int threshold, Duration messageVisibility) {
			this.interval = interval;
			this.threshold = threshold;
			this.messageVisibility = messageVisibility;
		}

		@Override
		public AcknowledgementProcessor<T> createAcknowledgementProcessor(SqsContainerOptions options) {
			if (interval.isZero()) {
				return super.createAcknowledgementProcessor(options);
			}
			return super.createAcknowledgementProcessor(
					options.toBuilder().acknowledgementInterval(interval).acknowledgementThreshold(threshold).build());
		}

		@Override
		public MessageSink<T> createMessageSink(SqsContainerOptions options) {
			return super.createMessageSink(options.toBuilder().messageVisibility(messageVisibility).build());
		}
	}
}
