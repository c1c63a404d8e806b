package io.securecart.payment.charge;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.securecart.payment.gateway.GatewayClient;
import io.securecart.platform.messaging.ListenerPauses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * While the payment gateway's circuit is not closed, the listeners that need the gateway stop receiving, so their
 * messages wait in the queue: an order is neither declined nor pushed towards its dead-letter queue because the
 * gateway is down. When the breaker goes HALF_OPEN, this probes the gateway itself ({@link GatewayClient#probe()},
 * calls that carry no order): they close the breaker, and the listeners start again, or open it for another wait.
 * Probing with orders instead cost each order one of its deliveries per probe, and a gateway down for a minute sent
 * them to the dead-letter queue.
 * <p>
 * Containers are stopped and started on a thread of their own: the state changes on a thread that is processing a
 * message, and stopping a container waits for its in-flight messages to finish. That thread applies the breaker's
 * <em>current</em> state, so transitions that follow each other quickly can never leave a listener in the wrong state.
 */
@Component
class GatewayListenerPause implements SmartInitializingSingleton, ApplicationListener<ContextClosedEvent> {

	private static final Logger log = LoggerFactory.getLogger(GatewayListenerPause.class);

	/** Who holds the listeners paused ({@link ListenerPauses}): an operator's pause outlives a closing circuit. */
	static final String HOLDER = "payment-gateway";

	/** The listeners that call the gateway. */
	static final List<String> NEED_THE_GATEWAY = List.of(OrdersListener.ID, CompensationsListener.ID);

	private final CircuitBreaker circuitBreaker;

	private final MessageListenerContainerRegistry containers;

	private final GatewayClient gateway;

	private final ListenerPauses pauses;

	private final List<String> listenerIds;

	private final ExecutorService switcher = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("gateway-listener-pause").factory());

	private volatile boolean closing;

	GatewayListenerPause(CircuitBreakerRegistry circuitBreakers, MessageListenerContainerRegistry containers,
			ListenerPauses pauses, GatewayClient gateway) {
		this.circuitBreaker = circuitBreakers.circuitBreaker(GatewayClient.PAYMENT_GATEWAY);
		this.containers = containers;
		this.gateway = gateway;
		this.pauses = pauses;
		this.listenerIds = NEED_THE_GATEWAY;
	}

	@Override
	public void afterSingletonsInstantiated() {
		circuitBreaker.getEventPublisher().onStateTransition(event -> {
			log.info("Payment gateway circuit went from {} to {}", event.getStateTransition().getFromState(),
					event.getStateTransition().getToState());
			if (!closing) {
				try {
					switcher.execute(this::applyBreakerState);
				}
				catch (RejectedExecutionException ex) {
					log.debug("Closing: circuit transition not applied to the listeners");
				}
			}
		});
	}

	/** Whether the breaker refuses calls now, so that the listeners are (or are being) paused. */
	boolean pausesListeners() {
		return pausesListeners(circuitBreaker.getState());
	}

	static boolean pausesListeners(CircuitBreaker.State state) {
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN
				|| state == CircuitBreaker.State.HALF_OPEN;
	}

	List<String> listenerIds() {
		return listenerIds;
	}

	private void applyBreakerState() {
		if (containers.isRunning()) {
			pauseOrResumeListeners();
		}
		// Not started yet, or stopped: the application context owns the containers' lifecycle then; the breaker is
		// still probed, or it would stay half-open.
		if (circuitBreaker.getState() == CircuitBreaker.State.HALF_OPEN) {
			probe();
		}
	}

	private void pauseOrResumeListeners() {
		boolean pause = pausesListeners();
		for (String id : listenerIds) {
			if (pause && !pauses.isPausedBy(id, HOLDER)) {
				log.warn("Pausing listener '{}' while the payment gateway's circuit is {}: its messages wait in the "
						+ "queue", id, circuitBreaker.getState());
				pauses.pause(id, HOLDER, "circuit " + circuitBreaker.getState());
			}
			else if (!pause && pauses.isPausedBy(id, HOLDER)) {
				log.info("Resuming listener '{}': the payment gateway's circuit is {}", id, circuitBreaker.getState());
				pauses.resume(id, HOLDER);
			}
		}
	}

	/**
	 * As many probes as the half-open breaker permits, while it stays half-open: the last one it needs closes or opens
	 * it, and that transition comes back here.
	 */
	private void probe() {
		int permitted = circuitBreaker.getCircuitBreakerConfig().getPermittedNumberOfCallsInHalfOpenState();
		for (int probe = 1; probe <= permitted && circuitBreaker.getState() == CircuitBreaker.State.HALF_OPEN
				&& !closing; probe++) {
			try {
				GatewayClient.await(gateway.probe());
				log.debug("Payment gateway probe {} of {} answered", probe, permitted);
			}
			catch (RuntimeException ex) {
				log.info("Payment gateway probe {} of {} failed: {}", probe, permitted, ex.toString());
			}
		}
	}

	/**
	 * Before the containers stop with the context: transitions from now on are not applied, those already seen are
	 * finished, and then the context alone stops the containers.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		closing = true;
		switcher.shutdown();
		try {
			if (!switcher.awaitTermination(30, TimeUnit.SECONDS)) {
				log.warn("A listener pause or resume did not finish within 30 s of shutdown");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
