package io.securecart.platform.tracing;

import java.util.ArrayDeque;
import java.util.Deque;

import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.slf4j.MDC;

/**
 * Keeps {@code orderId} in the log context (MDC) exactly as long as the work that is about the order: a listener's
 * message names its order in the {@code orderId} attribute; a request's or a scheduled job's order becomes known when
 * a controller or the outbox calls {@link MessageTracing#tagOrder}. Closing any observation's scope puts back what was
 * there when it opened, so a pooled thread never logs the previous order's id, and a nested observation (an HTTP
 * client call, a query) does not take the id from the lines of the work around it.
 */
class OrderLogContext implements ObservationHandler<Observation.Context> {

	/** What the MDC held when each open scope of an observation opened, innermost first. */
	private record Previous(Deque<String> orderIds) {
	}

	private static final String NONE = "";

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		Previous previous = context.computeIfAbsent(Previous.class, key -> new Previous(new ArrayDeque<>()));
		String current = MDC.get(MessageTracing.ORDER_ID);
		previous.orderIds().push(current == null ? NONE : current);
		if (context instanceof SqsListenerObservation.Context listener) {
			Object orderId = listener.getMessage().getHeaders().get(MessageTracing.ORDER_ID);
			if (orderId != null) {
				MDC.put(MessageTracing.ORDER_ID, orderId.toString());
			}
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		Previous previous = context.get(Previous.class);
		String restored = previous == null || previous.orderIds().isEmpty() ? NONE : previous.orderIds().pop();
		if (restored.equals(NONE)) {
			MDC.remove(MessageTracing.ORDER_ID);
		}
		else {
			MDC.put(MessageTracing.ORDER_ID, restored);
		}
	}
}
