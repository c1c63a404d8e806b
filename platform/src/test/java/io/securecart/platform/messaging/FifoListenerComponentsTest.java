package io.securecart.platform.messaging;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.acknowledgement.ImmediateAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.adapter.MessageGroupingSinkAdapter;
import io.awspring.cloud.sqs.listener.sink.adapter.MessageVisibilityExtendingSinkAdapter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FifoListenerComponentsTest {

	private final SqsContainerOptions options = SqsContainerOptions.builder().build();

	@Test
	void springCloudAwsDeletesEachFifoMessageOnItsOwn() {
		assertThat(new FifoSqsComponentFactory<>().createAcknowledgementProcessor(options))
			.isInstanceOf(ImmediateAcknowledgementProcessor.class);
	}

	@Test
	void fifoMessagesAreDeletedInBatchesInTheOrderTheyWereProcessed() {
		var processor = components(Duration.ofMillis(250)).createAcknowledgementProcessor(options);

		assertThat(processor).isInstanceOf(BatchingAcknowledgementProcessor.class)
			.hasFieldOrPropertyWithValue("ackInterval", Duration.ofMillis(250))
			.hasFieldOrPropertyWithValue("ackThreshold", 10)
			.hasFieldOrPropertyWithValue("acknowledgementOrdering", AcknowledgementOrdering.ORDERED);
	}

	@Test
	void anIntervalOfZeroDeletesEachMessageAtOnce() {
		assertThat(components(Duration.ZERO).createAcknowledgementProcessor(options))
			.isInstanceOf(ImmediateAcknowledgementProcessor.class);
	}

	@Test
	void springCloudAwsLeavesTheWaitingMessagesOfAGroupToTheirReceivesVisibility() {
		assertThat(new FifoSqsComponentFactory<>().createMessageSink(options))
			.isInstanceOf(MessageGroupingSinkAdapter.class)
			.extracting("delegate")
			.isNotInstanceOf(MessageVisibilityExtendingSinkAdapter.class);
	}

	@Test
	void eachMessageOfAGroupStartsWithItsWaitingMessagesGivenTheWholeVisibilityAgain() {
		assertThat(components(Duration.ofMillis(250)).createMessageSink(options))
			.isInstanceOf(MessageGroupingSinkAdapter.class)
			.extracting("delegate")
			.isInstanceOf(MessageVisibilityExtendingSinkAdapter.class)
			.hasFieldOrPropertyWithValue("messageVisibility", 30);
	}

	private static FifoListenerComponents.ComponentFactory<Object> components(Duration acknowledgementInterval) {
		return new FifoListenerComponents.ComponentFactory<>(acknowledgementInterval, 10, Duration.ofSeconds(30));
	}
}
