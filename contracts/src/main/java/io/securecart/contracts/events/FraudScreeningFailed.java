package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A high-value order is suspected of fraud: its screening failed it, a reviewer rejected it, or nobody reviewed it in
 * time. Nothing is charged; the order is cancelled and the customer told once.
 *
 * @param decidedBy {@code rules}, {@code reviewer:<name>} or {@code review-timeout}
 * @param reasons what the decision rests on, in words
 */
public record FraudScreeningFailed(UUID eventId, UUID orderId, String customerId, String decidedBy,
		List<String> reasons, Instant occurredAt) implements OrderEvent {

	public FraudScreeningFailed {
		reasons = List.copyOf(reasons);
	}
}
