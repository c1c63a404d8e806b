package io.securecart.platform.tracing;

import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.slf4j.MDC;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Keeps {@code orderId} in the log context (MDC) exactly as long as the message or request that is about the order is
 * handled. A listener's message names its order in the {@code orderId} attribute; a request's order becomes known when
 * a controller or the outbox calls {@link MessageTracing#tagOrder}. Closing the scope removes it, so a pooled thread
 * never logs the previous order's id.
 */
class OrderLogContext implements ObservationHandler<Observation.Context> {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof SqsListenerObservation.Context || context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		if (context instanceof SqsListenerObservation.Context listener) {
			Object orderId = listener.getMessage().getHeaders().get(MessageTracing.ORDER_ID);
			if (orderId != null) {
				MDC.put(MessageTracing.ORDER_ID, orderId.toString());
			}
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		MDC.remove(MessageTracing.ORDER_ID);
	}
}
