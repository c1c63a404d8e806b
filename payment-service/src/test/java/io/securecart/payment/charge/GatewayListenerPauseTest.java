package io.securecart.payment.charge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sqs.listener.AsyncMessageListener;
import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.payment.gateway.GatewayUnavailableException;
import io.securecart.platform.messaging.ListenerPauses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;

class GatewayListenerPauseTest {

	private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

	private final CircuitBreaker circuitBreaker = circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);

	private final DefaultListenerContainerRegistry containers = new DefaultListenerContainerRegistry();

	private final FakeContainer orders = new FakeContainer(OrdersListener.ID);

	private final FakeContainer compensations = new FakeContainer(CompensationsListener.ID);

	private final ListenerPauses pauses = new ListenerPauses(containers);

	private final GatewayClient gateway = mock(GatewayClient.class);

	private final AtomicInteger probes = new AtomicInteger();

	private final GatewayListenerPause pause = new GatewayListenerPause(circuitBreakers, containers, pauses, gateway);

	@BeforeEach
	void start() {
		gatewayAnswers(false);
		containers.registerListenerContainer(orders);
		containers.registerListenerContainer(compensations);
		pause.afterSingletonsInstantiated();
		containers.start();
	}

	@AfterEach
	void close() {
		finishPendingSwitches();
	}

	/** The probe as GatewayClient makes it: one call the breaker permits and counts. */
	private void gatewayAnswers(boolean answers) {
		willAnswer(invocation -> {
			probes.incrementAndGet();
			circuitBreaker.acquirePermission();
			if (answers) {
				circuitBreaker.onSuccess(1, TimeUnit.MILLISECONDS);
				return CompletableFuture.completedFuture(null);
			}
			GatewayUnavailableException down = new GatewayUnavailableException("simulated outage");
			circuitBreaker.onError(1, TimeUnit.MILLISECONDS, down);
			return CompletableFuture.failedFuture(down);
		}).given(gateway).probe();
	}

	/** What the context does when it closes: no new switches, and the pending ones are finished. */
	private void finishPendingSwitches() {
		pause.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
	}

	@Test
	void stopsTheListenersThatNeedTheGatewayWhenTheCircuitOpens() {
		circuitBreaker.transitionToOpenState();

		await().atMost(Duration.ofSeconds(5)).until(() -> !orders.isRunning() && !compensations.isRunning());
		assertThat(pause.pausesListeners()).isTrue();
		assertThat(pauses.isPaused(OrdersListener.ID)).as("paused on purpose, so health says why").isTrue();
	}

	@Test
	void stopsThemOnItsOwnThreadNotOnTheOneThatOpenedTheCircuit() {
		circuitBreaker.transitionToOpenState();

		await().atMost(Duration.ofSeconds(5)).until(() -> !orders.isRunning());
		assertThat(orders.stoppedBy).isEqualTo("gateway-listener-pause");
	}

	@Test
	void probesTheHalfOpenCircuitItselfAndStartsThemOnceTheProbesCloseIt() {
		circuitBreaker.transitionToOpenState();
		await().atMost(Duration.ofSeconds(5)).until(() -> !orders.isRunning());
		int startsBefore = orders.starts;
		gatewayAnswers(true);

		circuitBreaker.transitionToHalfOpenState();

		await().atMost(Duration.ofSeconds(5)).until(() -> orders.isRunning() && compensations.isRunning());
		assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(probes).hasValue(circuitBreaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState());
		assertThat(orders.starts).as("started once, when closed").isEqualTo(startsBefore + 1);
		assertThat(pause.pausesListeners()).isFalse();
	}

	@Test
	void probesTheHalfOpenCircuitEvenWhileTheContainersAreNotRunning() {
		containers.stop();
		circuitBreaker.transitionToOpenState();
		gatewayAnswers(true);

		circuitBreaker.transitionToHalfOpenState();

		await().atMost(Duration.ofSeconds(5)).until(() -> circuitBreaker.getState() == CircuitBreaker.State.CLOSED);
		assertThat(probes).hasPositiveValue();
	}

	@Test
	void aGatewayStillDownFailsTheProbesNotAnOrderAndTheListenersStayStopped() {
		circuitBreaker.transitionToOpenState();
		await().atMost(Duration.ofSeconds(5)).until(() -> !orders.isRunning());
		int startsBefore = orders.starts;

		circuitBreaker.transitionToHalfOpenState();

		await().atMost(Duration.ofSeconds(5)).until(() -> circuitBreaker.getState() == CircuitBreaker.State.OPEN);
		finishPendingSwitches();
		assertThat(probes).hasPositiveValue();
		assertThat(orders.starts).as("never started to probe with orders").isEqualTo(startsBefore);
		assertThat(orders.isRunning()).isFalse();
		assertThat(compensations.isRunning()).isFalse();
	}

	@Test
	void startsThemAgainWhenTheCircuitCloses() {
		circuitBreaker.transitionToOpenState();
		await().atMost(Duration.ofSeconds(5)).until(() -> !orders.isRunning());

		circuitBreaker.reset();

		await().atMost(Duration.ofSeconds(5)).until(() -> orders.isRunning() && compensations.isRunning());
	}

	@Test
	void leavesAConsumerAnOperatorStoppedStoppedWhenTheCircuitCloses() {
		pauses.pause(OrdersListener.ID, ListenerPauses.OPERATOR, "lab 3: watch the queue fill");
		circuitBreaker.transitionToOpenState();
		await().atMost(Duration.ofSeconds(5)).until(() -> !compensations.isRunning());

		circuitBreaker.reset();

		await().atMost(Duration.ofSeconds(5)).until(compensations::isRunning);
		finishPendingSwitches();
		assertThat(orders.isRunning()).as("the operator still holds it").isFalse();
		assertThat(pauses.isPausedBy(OrdersListener.ID, GatewayListenerPause.HOLDER)).isFalse();

		pauses.resume(OrdersListener.ID, ListenerPauses.OPERATOR);

		assertThat(orders.isRunning()).isTrue();
	}

	@Test
	void endsInTheStateOfTheLastTransitionHoweverFastTheyFollowEachOther() {
		// Probes that the breaker does not count: only this test's transitions move it.
		willReturn(CompletableFuture.failedFuture(new GatewayUnavailableException("down"))).given(gateway).probe();
		for (int i = 0; i < 20; i++) {
			circuitBreaker.transitionToOpenState();
			circuitBreaker.transitionToHalfOpenState();
		}
		circuitBreaker.transitionToOpenState();
		finishPendingSwitches();

		assertThat(orders.isRunning()).isFalse();
		assertThat(compensations.isRunning()).isFalse();
		assertThat(orders.starts).isEqualTo(orders.stops);
	}

	@Test
	void leavesTheContainersToTheContextOnceItCloses() {
		finishPendingSwitches();

		circuitBreaker.transitionToOpenState();

		assertThat(List.of(orders.isRunning(), compensations.isRunning())).containsOnly(true);
		assertThat(orders.stops).isZero();
	}

	/** Just the lifecycle of a listener container, and on which thread it was last stopped. */
	static class FakeContainer implements MessageListenerContainer<Object> {

		private String id;

		private volatile boolean running;

		volatile String stoppedBy;

		volatile int starts;

		volatile int stops;

		FakeContainer(String id) {
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
		public synchronized void start() {
			running = true;
			starts++;
		}

		@Override
		public synchronized void stop() {
			running = false;
			stops++;
			stoppedBy = Thread.currentThread().getName();
		}

		@Override
		public boolean isRunning() {
			return running;
		}
	}
}
