package io.securecart.platform.messaging;

import java.util.List;
import java.util.Map;

import io.awspring.cloud.sqs.listener.AsyncMessageListener;
import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerPausesTest {

	private final DefaultListenerContainerRegistry registry = new DefaultListenerContainerRegistry();

	private final Container orders = new Container("orders");

	private final ListenerPauses pauses = new ListenerPauses(registry);

	private final ListenerContainersHealthIndicator health = new ListenerContainersHealthIndicator(registry, pauses,
			List.of());

	@BeforeEach
	void start() {
		registry.registerListenerContainer(orders);
		registry.start();
	}

	@Test
	void aListenerRunsAgainOnlyWhenTheLastHolderLetsGo() {
		pauses.pause("orders", "payment-gateway", "circuit OPEN");
		pauses.pause("orders", ListenerPauses.OPERATOR, "lab 1");

		pauses.resume("orders", "payment-gateway");
		assertThat(orders.isRunning()).isFalse();
		assertThat(pauses.state("orders").pausedBy()).containsExactly(Map.entry(ListenerPauses.OPERATOR, "lab 1"));

		pauses.resume("orders", ListenerPauses.OPERATOR);
		assertThat(orders.isRunning()).isTrue();
		assertThat(pauses.isPaused("orders")).isFalse();
	}

	@Test
	void resumingAListenerNobodyPausedStartsItIfItStoppedAndIsHarmlessOtherwise() {
		pauses.resume("orders", ListenerPauses.OPERATOR);
		assertThat(orders.isRunning()).isTrue();
		assertThat(orders.starts).isEqualTo(1);
	}

	@Test
	void healthNamesEveryHolderAndItsReasonAndStaysUp() {
		pauses.pause("orders", ListenerPauses.OPERATOR, "lab 1");
		pauses.pause("orders", "payment-gateway", "circuit OPEN");

		Health answer = health.health(true);

		assertThat(answer.getStatus()).isEqualTo(Status.UP);
		assertThat(answer.getDetails()).containsEntry("listeners",
				Map.of("orders", "paused: operator: lab 1; payment-gateway: circuit OPEN"));
	}

	@Test
	void aListenerThatStoppedWithoutAHolderIsDown() {
		orders.stop();

		assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void anUnknownListenerIsRefusedByName() {
		assertThatThrownBy(() -> pauses.pause("typo", ListenerPauses.OPERATOR, "lab"))
			.isInstanceOf(UnknownListenerException.class)
			.hasMessageContaining("'typo'");
	}

	/** Just a listener container's lifecycle. */
	static class Container implements MessageListenerContainer<Object> {

		private String id;

		private volatile boolean running;

		volatile int starts;

		Container(String id) {
			this.id = id;
		}

		@Override
		public String getId() {
			return id;
		}

		@Override
		public void setId(String id) {
			this.id = id;
		}

		@Override
		public void setMessageListener(MessageListener<Object> messageListener) {
		}

		@Override
		public void setAsyncMessageListener(AsyncMessageListener<Object> asyncMessageListener) {
		}

		@Override
		public void start() {
			running = true;
			starts++;
		}

		@Override
		public void stop() {
			running = false;
		}

		@Override
		public boolean isRunning() {
			return running;
		}
	}
}
