package io.securecart.platform.tracing;

import io.awspring.cloud.sqs.support.observation.SqsListenerObservation;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Spring Cloud AWS's listener observation, with the {@code orderId} the message carries as a span tag: a listener's
 * span is found by its order like every other span of the order's trace.
 */
class OrderListenerConvention extends SqsListenerObservation.DefaultConvention {

	@Override
	protected KeyValues getCustomHighCardinalityKeyValues(SqsListenerObservation.Context context) {
		Object orderId = context.getMessage().getHeaders().get(MessageTracing.ORDER_ID);
		return orderId == null ? KeyValues.empty() : KeyValues.of(KeyValue.of(MessageTracing.ORDER_ID, orderId.toString()));
	}
}
