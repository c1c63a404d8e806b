package io.securecart.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A high-value order may be paid: its screening found nothing, or a reviewer approved it.
 *
 * @param decidedBy {@code rules}, or {@code reviewer:<name>}
 * @param reasons what the decision rests on, in words
 */
public record FraudScreeningPassed(UUID eventId, UUID orderId, String customerId, String decidedBy,
		List<String> reasons, Instant occurredAt) implements OrderEvent {

	public FraudScreeningPassed {
		reasons = List.copyOf(reasons);
	}
}
