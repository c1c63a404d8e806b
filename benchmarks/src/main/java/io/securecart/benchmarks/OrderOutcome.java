package io.securecart.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Where an order ended, read from its timeline ({@code GET /api/orders/{id}}) after the load: the times are those of
 * the events themselves ({@code at}), stamped by the services that published them, not when a poll happened to see
 * them.
 *
 * @param id the order
 * @param status its status when read
 * @param placedAt {@code OrderPlaced}
 * @param terminalAt the event that ended it: {@code OrderShipped}, or the {@code PaymentDeclined} /
 * {@code StockRejected} that cancelled it; empty while it is not over
 */
record OrderOutcome(UUID id, String status, Instant placedAt, Optional<Instant> terminalAt) {

	boolean terminal() {
		return terminalAt.isPresent();
	}

	boolean shipped() {
		return "SHIPPED".equals(status);
	}

	/** From {@code OrderPlaced} to the end, for a finished order. */
	Optional<Duration> endToEnd() {
		return terminalAt.map(end -> Duration.between(placedAt, end));
	}

	static OrderOutcome of(JsonNode order) {
		String status = order.path("status").asString();
		String ending = switch (status) {
			case "SHIPPED" -> "OrderShipped";
			case "CANCELLED" -> "OUT_OF_STOCK".equals(order.path("cancellationReason").asString()) ? "StockRejected"
					: "PaymentDeclined";
			default -> null;
		};
		Instant placedAt = null;
		Instant terminalAt = null;
		for (JsonNode entry : order.path("timeline")) {
			String event = entry.path("event").asString();
			Instant at = Instant.parse(entry.path("at").asString());
			if ("OrderPlaced".equals(event)) {
				placedAt = at;
			}
			else if (event.equals(ending)) {
				terminalAt = at;
			}
		}
		if (placedAt == null) {
			throw new IllegalArgumentException("An order without OrderPlaced in its timeline: " + order);
		}
		return new OrderOutcome(UUID.fromString(order.path("id").asString()), status, placedAt,
				Optional.ofNullable(terminalAt));
	}
}
