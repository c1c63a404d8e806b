package io.securecart.platform.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The targets of EventBridge rules and the SNS subscriptions as {@code infra/topology.json} (the copy the contracts
 * jar puts on the classpath) declares them: what the startup and health checks hold the deployed ones to.
 */
final class DeclaredTopology {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNode TOPOLOGY = read();

	private DeclaredTopology() {
	}

	/** A rule's target: its queue, and its dead-letter queue and retry policy where declared (else null). */
	record Target(String queue, String deadLetterQueue, Integer maximumRetryAttempts,
			Integer maximumEventAgeInSeconds) {
	}

	/** A queue's subscription to a topic; {@code rawMessageDelivery} is null when not declared. */
	record Subscription(String topic, String queue, JsonNode filterPolicy, Boolean rawMessageDelivery) {
	}

	static List<Target> targets(String bus, String rule) {
		List<Target> targets = new ArrayList<>();
		for (JsonNode declaredBus : TOPOLOGY.path("eventBuses")) {
			if (!bus.equals(declaredBus.path("name").asString())) {
				continue;
			}
			for (JsonNode declaredRule : declaredBus.path("rules")) {
				if (rule.equals(declaredRule.path("name").asString())) {
					for (JsonNode target : declaredRule.path("targets")) {
						JsonNode retry = target.path("retryPolicy");
						targets.add(new Target(target.path("queue").asString(),
								textOrNull(target.path("deadLetterQueue")),
								retry.isObject() ? retry.path("maximumRetryAttempts").asInt() : null,
								retry.isObject() ? retry.path("maximumEventAgeInSeconds").asInt() : null));
					}
				}
			}
		}
		return targets;
	}

	static List<Subscription> subscriptionsOf(String queue) {
		List<Subscription> subscriptions = new ArrayList<>();
		for (JsonNode subscription : TOPOLOGY.path("subscriptions")) {
			if (queue.equals(subscription.path("queue").asString())) {
				JsonNode raw = subscription.path("rawMessageDelivery");
				subscriptions.add(new Subscription(subscription.path("topic").asString(), queue,
						subscription.path("filterPolicy").isObject() ? subscription.path("filterPolicy") : null,
						raw.isBoolean() ? raw.asBoolean() : null));
			}
		}
		return subscriptions;
	}

	/**
	 * The policy in one form for comparing: object keys sorted, numbers by value ({@code 1000} as {@code 1000.0}),
	 * and arrays sorted, since a filter policy's arrays are sets of alternatives and SNS may give them back in another
	 * order; except a {@code numeric} operator's, whose order is its meaning ({@code [">", 0, "<=", 150]}).
	 */
	static JsonNode normalized(JsonNode policy) {
		return normalized(policy, false);
	}

	private static JsonNode normalized(JsonNode policy, boolean ordered) {
		if (policy.isObject()) {
			Map<String, JsonNode> fields = new TreeMap<>();
			for (Map.Entry<String, JsonNode> field : policy.properties()) {
				fields.put(field.getKey(), normalized(field.getValue(), "numeric".equals(field.getKey())));
			}
			ObjectNode sorted = JSON.createObjectNode();
			fields.forEach(sorted::set);
			return sorted;
		}
		if (policy.isArray()) {
			List<JsonNode> elements = new ArrayList<>();
			policy.forEach(element -> elements.add(normalized(element, false)));
			if (!ordered) {
				elements.sort(Comparator.comparing(JsonNode::toString));
			}
			ArrayNode array = JSON.createArrayNode();
			elements.forEach(array::add);
			return array;
		}
		if (policy.isNumber()) {
			BigDecimal value = policy.decimalValue().stripTrailingZeros();
			return JSON.getNodeFactory().numberNode(value.scale() < 0 ? value.setScale(0) : value);
		}
		return policy;
	}

	static Optional<JsonNode> parse(String json) {
		if (json == null || json.isBlank()) {
			return Optional.empty();
		}
		return Optional.of(JSON.readTree(json));
	}

	private static String textOrNull(JsonNode node) {
		return node.isString() ? node.asString() : null;
	}

	private static JsonNode read() {
		try (InputStream in = DeclaredTopology.class.getResourceAsStream("/topology.json")) {
			if (in == null) {
				throw new IllegalStateException("/topology.json (infra/topology.json, in the contracts jar) is not on "
						+ "the classpath");
			}
			return JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
