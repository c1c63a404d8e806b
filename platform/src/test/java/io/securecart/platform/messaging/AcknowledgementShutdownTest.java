package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementExecutor;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * What a listener does, when it stops under load, with the acknowledgements still waiting for their batch (Spring
 * Cloud AWS 4.1.0, awspring/spring-cloud-aws#1661; {@code MessagingAutoConfiguration.ACKNOWLEDGEMENT_SHUTDOWN_TIMEOUT}).
 */
class AcknowledgementShutdownTest {

	private final Queue<Message<Object>> sent = new ConcurrentLinkedQueue<>();

	@Test
	void aListenerStoppingUnderLoadDoesNotWaitOutTheDefault20SecondsForAcknowledgementsItNeverSends() {
		BatchingAcknowledgementProcessor<Object> acknowledgements = startedProcessor(listenerOptions());
		acknowledgements.onAcknowledge(messages(10).toList());
		await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 10);

		acknowledgements.onAcknowledge(messages(3).toList());
		CompletableFuture<Void> stop = CompletableFuture.runAsync(acknowledgements::stop);

		await().atMost(Duration.ofSeconds(10)).until(stop::isDone);
		// Usually the three below a batch are dropped: the last scheduled flush found a batch sent less than an
		// interval before and was not scheduled again, and their messages come back after the visibility timeout
		// to meet the inbox. On a loaded machine that flush may run late enough to send them (ci79): either way the
		// stop ended without waiting out the default 20 s, which is what this test is about. Once Spring Cloud AWS
		// always sends them, the shutdown timeout can go back to its default.
		assertThat(sent.size()).as("the first batch, and the three below a batch only if a late flush caught them")
			.isIn(10, 13);
	}

	@Test
	void theApplicationsListenersWaitAtMostTheShortTimeout() {
		assertThat(listenerOptions().getAcknowledgementShutdownTimeout())
			.isEqualTo(MessagingAutoConfiguration.ACKNOWLEDGEMENT_SHUTDOWN_TIMEOUT)
			.isLessThan(SqsContainerOptions.builder().build().getAcknowledgementShutdownTimeout());
	}

	@Test
	void theApplicationsListenersReceiveWithTheFreePermitsWithoutWaitingTheDefault10SecondsForAFullBatch() {
		assertThat(listenerOptions().getMaxDelayBetweenPolls())
			.isEqualTo(MessagingAutoConfiguration.WAIT_FOR_A_FULL_BATCH)
			.isLessThan(SqsContainerOptions.builder().build().getMaxDelayBetweenPolls());
	}

	/** The options the application's factory gives a standard queue's container. */
	private static SqsContainerOptions listenerOptions() {
		SqsMessageListenerContainerFactory<Object> factory = new SqsMessageListenerContainerFactory<>();
		factory.setSqsAsyncClient(mock(SqsAsyncClient.class));
		FifoAcknowledgementProperties fifoBatching = new FifoAcknowledgementProperties(Duration.ofMillis(250), 10);
		MessagingAutoConfiguration
			.listenerContainerDefaults(new StaticListableBeanFactory(Map.of("fifoBatching", fifoBatching))
				.getBeanProvider(FifoAcknowledgementProperties.class))
			.postProcessAfterInitialization(factory, "factory");
		return factory.createContainer("notification-order-events").getContainerOptions();
	}

	@SuppressWarnings("unchecked")
	private BatchingAcknowledgementProcessor<Object> startedProcessor(SqsContainerOptions options) {
		var processor = (BatchingAcknowledgementProcessor<Object>) new StandardSqsComponentFactory<Object>()
			.createAcknowledgementProcessor(options);
		processor.setId("notification-order-events");
		processor.setTaskExecutor(new SimpleAsyncTaskExecutor("acknowledgements-"));
		processor.setAcknowledgementExecutor(new AcknowledgementExecutor<>() {
			@Override
			public CompletableFuture<Void> execute(Collection<Message<Object>> messages) {
				sent.addAll(messages);
				return CompletableFuture.completedFuture(null);
			}
		});
		processor.start();
		return processor;
	}

	private static Stream<Message<Object>> messages(int count) {
		return Stream.generate(() -> MessageBuilder.<Object>withPayload("{}").build()).limit(count);
	}
}
