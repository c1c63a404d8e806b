package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler.ReleaseReason;
import io.awspring.cloud.sqs.listener.backpressure.BatchAwareBackPressureHandler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * What a gated listener may receive: no more than its owner's room, less what it already holds; a receive waiting for
 * room is woken when room is reported; and a gate is installed in front of the listener's own back pressure.
 */
class ListenerGateTest {

	private static final Duration LONG_WAIT = Duration.ofMinutes(1);

	private final AtomicInteger room = new AtomicInteger();

	private final ListenerGate gate = new ListenerGate("orders", room::get, LONG_WAIT);

	@Test
	void grantsNoMoreThanTheRoomLessWhatItsListenerHolds() throws InterruptedException {
		room.set(5);

		assertThat(gate.request(3)).isEqualTo(3);
		assertThat(gate.request(3)).as("3 of the 5 are taken").isEqualTo(2);
		assertThat(gate.taken()).isEqualTo(5);

		gate.release(1, ReleaseReason.PROCESSED);
		gate.release(1, ReleaseReason.PARTIAL_FETCH);
		assertThat(gate.taken()).isEqualTo(3);
		assertThat(gate.request(10)).isEqualTo(2);
	}

	@Test
	void withoutRoomAReceiveGetsNothingOnceItsWaitIsOver() throws InterruptedException {
		ListenerGate shortWait = new ListenerGate("orders", room::get, Duration.ofMillis(50));

		assertThat(shortWait.request(10)).isZero();
		assertThat(shortWait.taken()).isZero();
	}

	@Test
	void aReceiveWaitingForRoomIsGrantedAsSoonAsTheOwnerReportsRoom() {
		CompletableFuture<Integer> receive = CompletableFuture.supplyAsync(this::requestTen);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !receive.isDone());

		room.set(4);
		gate.roomChanged();

		await().atMost(Duration.ofSeconds(10)).until(receive::isDone);
		assertThat(receive.join()).isEqualTo(4);
	}

	@Test
	void aReceiveWaitingForRoomIsGrantedWhenAMessageItsListenerHeldIsProcessed() throws InterruptedException {
		room.set(1);
		assertThat(gate.request(1)).isOne();
		CompletableFuture<Integer> receive = CompletableFuture.supplyAsync(this::requestTen);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !receive.isDone());

		gate.release(1, ReleaseReason.PROCESSED);

		await().atMost(Duration.ofSeconds(10)).until(receive::isDone);
		assertThat(receive.join()).isOne();
	}

	@Test
	void inFrontOfTheListenersOwnBackPressureAReceiveGetsTheSmallerGrantAndTheSurplusGoesBack()
			throws InterruptedException {
		SqsMessageListenerContainer<Object> container = container("orders");
		DefaultListenerContainerRegistry registry = new DefaultListenerContainerRegistry();
		registry.registerListenerContainer(container);
		ListenerGates gates = new ListenerGates(provider(registry), List.of(gate));

		gates.start();
		BackPressureHandler handler = container.getContainerOptions()
			.getBackPressureHandlerFactory()
			.createBackPressureHandler(container.getContainerOptions());

		room.set(3);
		assertThat(((BatchAwareBackPressureHandler) handler).requestBatch()).as("the gate's 3 of a batch of 10")
			.isEqualTo(3);
		assertThat(gate.taken()).isEqualTo(3);
		handler.release(3, ReleaseReason.NONE_FETCHED);
		assertThat(gate.taken()).isZero();

		room.set(50);
		assertThat(((BatchAwareBackPressureHandler) handler).requestBatch()).as("a full batch: both have room")
			.isEqualTo(10);
		assertThat(((BatchAwareBackPressureHandler) handler).requestBatch())
			.as("the container's own handler: its 10 concurrent messages are taken")
			.isZero();
		assertThat(gate.taken()).as("the gate got back what the container's handler did not grant").isEqualTo(10);
		assertThat(gates.getPhase()).isLessThan(registry.getPhase());
	}

	@Test
	void aGateForAListenerThatDoesNotExistFailsStartup() {
		DefaultListenerContainerRegistry registry = new DefaultListenerContainerRegistry();
		registry.registerListenerContainer(container("payments"));

		assertThatThrownBy(() -> new ListenerGates(provider(registry), List.of(gate)).start())
			.isInstanceOf(UnknownListenerException.class)
			.hasMessageContaining("'orders'");
	}

	private int requestTen() {
		try {
			return gate.request(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static ObjectProvider<MessageListenerContainerRegistry> provider(MessageListenerContainerRegistry registry) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("registry", registry);
		return beans.getBeanProvider(MessageListenerContainerRegistry.class);
	}

	private static SqsMessageListenerContainer<Object> container(String id) {
		return SqsMessageListenerContainer.<Object>builder()
			.id(id)
			.sqsAsyncClient(mock(SqsAsyncClient.class))
			.queueNames(id)
			.messageListener(message -> {
			})
			.configure(options -> options.maxConcurrentMessages(10)
				.maxMessagesPerPoll(10)
				.maxDelayBetweenPolls(Duration.ofMillis(100)))
			.build();
	}
}
