package io.securecart.contracts;

import tools.jackson.databind.JsonNode;

/**
 * Which orders are screened for fraud before they are paid. The threshold is declared once, in the numeric pattern of
 * the EventBridge rule {@value MessagingNames#HIGH_VALUE_ORDERS_RULE} in {@code infra/topology.json}, and read from
 * there by every service that needs it (payment holds these orders, screening and checkout explain them), so the
 * rule and the services can never disagree.
 */
public final class HighValueOrders {

	private static final Money THRESHOLD = thresholdIn(DeclaredEventRules.topology());

	private HighValueOrders() {
	}

	/** The smallest total that is high-value. */
	public static Money threshold() {
		return THRESHOLD;
	}

	public static boolean isHighValue(Money total) {
		return total.currency().equals(THRESHOLD.currency()) && total.isGreaterThanOrEqualTo(THRESHOLD);
	}

	/** {@code detail.total}: {@code currency: [X]} and {@code amount: [{numeric: [">=", N]}]} of the rule's pattern. */
	static Money thresholdIn(JsonNode topology) {
		for (JsonNode bus : topology.path("eventBuses")) {
			for (JsonNode rule : bus.path("rules")) {
				if (MessagingNames.HIGH_VALUE_ORDERS_RULE.equals(rule.path("name").asString())) {
					JsonNode total = rule.path("eventPattern").path("detail").path("total");
					JsonNode numeric = total.path("amount").path(0).path("numeric");
					if (!">=".equals(numeric.path(0).asString()) || !numeric.path(1).isNumber()
							|| total.path("currency").size() != 1) {
						throw new IllegalStateException("Rule " + MessagingNames.HIGH_VALUE_ORDERS_RULE
								+ " must match detail.total.currency [one currency] and detail.total.amount "
								+ "[{\"numeric\": [\">=\", <threshold>]}], but is " + rule.path("eventPattern"));
					}
					return new Money(numeric.path(1).decimalValue(),
							total.path("currency").path(0).asString());
				}
			}
		}
		throw new IllegalStateException("topology.json declares no rule " + MessagingNames.HIGH_VALUE_ORDERS_RULE);
	}
}
