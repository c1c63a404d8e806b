package io.securecart.platform.messaging;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.acknowledgement.ImmediateAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.adapter.MessageGroupingSinkAdapter;
import io.awspring.cloud.sqs.listener.sink.adapter.MessageVisibilityExtendingSinkAdapter;
import io.securecart.testsupport.RepositoryRoot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	@Test
	void theVisibilityAWaitingMessageIsGivenIsTheOneEveryFifoQueueDeclares() throws Exception {
		JsonNode topology = JsonMapper.builder().build()
			.readTree(Files.readString(RepositoryRoot.find().resolve("infra/topology.json")));
		List<JsonNode> fifoQueues = new ArrayList<>();
		topology.path("queues").forEach(queue -> {
			if (queue.path("name").asString().endsWith(".fifo")) {
				fifoQueues.add(queue);
			}
		});

		// Shorter than a queue's own timeout, it would cut a waiting message's time short; longer, hide it too long.
		assertThat(fifoQueues).isNotEmpty()
			.allSatisfy(queue -> assertThat(queue.path("visibilityTimeoutSeconds").asLong())
				.as(queue.path("name").asString())
				.isEqualTo(MessagingAutoConfiguration.FIFO_MESSAGE_VISIBILITY.toSeconds()));
	}

	private static FifoListenerComponents.ComponentFactory<Object> components(Duration acknowledgementInterval) {
		return new FifoListenerComponents.ComponentFactory<>(acknowledgementInterval, 10, Duration.ofSeconds(30));
	}
}
