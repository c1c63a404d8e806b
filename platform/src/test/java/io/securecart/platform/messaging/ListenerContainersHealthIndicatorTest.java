package io.securecart.platform.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ListenerContainersHealthIndicatorTest {

	private final DefaultListenerContainerRegistry registry = new DefaultListenerContainerRegistry();

	private final ListenerPauses pauses = new ListenerPauses(registry);

	@Test
	void isUpWhileEveryQueueTheServiceMustConsumeHasARunningListener() {
		listening("order-events", "payment-order-events");
		listening("orders", "orders.fifo");

		Health health = healthListeningOn("orders.fifo", "payment-order-events");

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("listeners")
			.containsEntry("listeners", Map.of("order-events", "running", "orders", "running"));
	}

	@Test
	void isDownAndNamesTheQueueWhenAListenerWasNeverRegistered() {
		listening("orders", "orders.fifo");

		Health health = healthListeningOn("orders.fifo", "payment-order-events", "fraud-screening");

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("queues without a listener",
				Set.of("fraud-screening", "payment-order-events"));
	}

	@Test
	void aListenerOnAnotherQueueDoesNotCount() {
		listening("orders", "orders");

		assertThat(healthListeningOn("orders.fifo").getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void aQueueListenedOnAndPausedOnPurposeStaysUp() {
		listening("orders", "orders.fifo");
		pauses.pause("orders", ListenerPauses.OPERATOR, "lab 1");

		assertThat(healthListeningOn("orders.fifo").getStatus()).isEqualTo(Status.UP);
	}

	private void listening(String id, String queue) {
		QueueContainer container = new QueueContainer(id, queue);
		registry.registerListenerContainer(container);
		container.start();
	}

	private Health healthListeningOn(String... queues) {
		return new ListenerContainersHealthIndicator(registry, pauses, List.of(queues)).health(true);
	}

	/** Spring Cloud AWS's own container for one queue, with its polling left out: only its queue and state matter. */
	static class QueueContainer extends SqsMessageListenerContainer<Object> {

		QueueContainer(String id, String queue) {
			super(mock(SqsAsyncClient.class));
			setId(id);
			setQueueNames(queue);
			setMessageListener(message -> {
			});
		}

		@Override
		protected void doStart() {
		}

		@Override
		protected void doStop() {
		}
	}
}
