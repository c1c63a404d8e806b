package io.securecart.contracts.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fact about an order that one service announces and others react to. The saga is the sequence of these facts:
 *
 * <pre>
 * OrderPlaced ─▶ PaymentAuthorized ─▶ StockReserved ─▶ OrderShipped
 *           └─▶ PaymentDeclined              └─▶ StockRejected ─▶ PaymentRefunded (compensation)
 *                               └─▶ PaymentRejected (amount is not the order's total) ─▶ PaymentRefunded,
 *                                   stock released, fulfilment stopped (compensation)
 *                                   StockReserved ─▶ FulfillmentFailed ─▶ PaymentRefunded (compensation)
 * </pre>
 *
 * A high-value order is screened for fraud first, and paid only once it passed:
 *
 * <pre>
 * OrderPlaced ─▶ FraudScreeningPassed ─▶ PaymentAuthorized ─▶ ...
 *           └─▶ FraudScreeningFailed                                   (cancelled, nothing charged)
 *           └─▶ FraudReviewRequired ─▶ FraudScreeningPassed | FraudScreeningFailed   (a reviewer, or the timeout)
 * </pre>
 *
 * Every event carries its own id, which consumers record to ignore redeliveries, and the order it is about.
 */
public sealed interface OrderEvent
		permits OrderPlaced, PaymentAuthorized, PaymentDeclined, StockReserved, StockRejected, OrderShipped,
		PaymentRefunded, PaymentRejected, FraudReviewRequired, FraudScreeningPassed, FraudScreeningFailed,
		FulfillmentFailed {

	UUID eventId();

	UUID orderId();

	String customerId();

	Instant occurredAt();

	/** The value of the {@code eventType} message attribute, which SNS filter policies match on. */
	default String eventType() {
		return eventTypeOf(getClass());
	}

	static String eventTypeOf(Class<? extends OrderEvent> type) {
		return type.getSimpleName();
	}

	/** The event class for an {@code eventType} attribute value, if it names one. */
	static Optional<Class<? extends OrderEvent>> classOf(String eventType) {
		return Optional.ofNullable(Registry.BY_TYPE.get(eventType));
	}

	final class Registry {

		@SuppressWarnings("unchecked")
		private static final Map<String, Class<? extends OrderEvent>> BY_TYPE = Arrays
			.stream(OrderEvent.class.getPermittedSubclasses())
			.map(type -> (Class<? extends OrderEvent>) type)
			.collect(Collectors.toUnmodifiableMap(OrderEvent::eventTypeOf, Function.identity()));

		private Registry() {
		}
	}
}
