package io.securecart.platform.messaging;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.acknowledgement.ImmediateAcknowledgementProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FifoAcknowledgementsTest {

	private final SqsContainerOptions options = SqsContainerOptions.builder().build();

	@Test
	void springCloudAwsDeletesEachFifoMessageOnItsOwn() {
		assertThat(new FifoSqsComponentFactory<>().createAcknowledgementProcessor(options))
			.isInstanceOf(ImmediateAcknowledgementProcessor.class);
	}

	@Test
	void fifoMessagesAreDeletedInBatchesInTheOrderTheyWereProcessed() {
		var processor = new FifoAcknowledgements.BatchedFifoComponentFactory<>(Duration.ofMillis(250), 10)
			.createAcknowledgementProcessor(options);

		assertThat(processor).isInstanceOf(BatchingAcknowledgementProcessor.class)
			.hasFieldOrPropertyWithValue("ackInterval", Duration.ofMillis(250))
			.hasFieldOrPropertyWithValue("ackThreshold", 10)
			.hasFieldOrPropertyWithValue("acknowledgementOrdering", AcknowledgementOrdering.ORDERED);
	}
}
