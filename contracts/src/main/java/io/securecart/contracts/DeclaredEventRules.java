package io.securecart.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EventBridge rules as {@code infra/topology.json} declares them (the copy on the classpath): what a service that
 * relies on a rule expects the deployed rule to match.
 */
public final class DeclaredEventRules {

	private static final JsonNode TOPOLOGY = read();

	private DeclaredEventRules() {
	}

	/** The declared event pattern of {@code rule} on {@code bus}; empty when the topology declares no such rule. */
	public static Optional<JsonNode> eventPattern(String bus, String rule) {
		return eventPatternIn(TOPOLOGY, bus, rule);
	}

	static Optional<JsonNode> eventPatternIn(JsonNode topology, String bus, String rule) {
		for (JsonNode declaredBus : topology.path("eventBuses")) {
			if (bus.equals(declaredBus.path("name").asString())) {
				for (JsonNode declaredRule : declaredBus.path("rules")) {
					if (rule.equals(declaredRule.path("name").asString())) {
						return Optional.of(declaredRule.path("eventPattern"));
					}
				}
			}
		}
		return Optional.empty();
	}

	/** The whole declared topology, read once per class that asks. */
	static JsonNode topology() {
		return TOPOLOGY;
	}

	private static JsonNode read() {
		try (InputStream in = DeclaredEventRules.class.getResourceAsStream("/topology.json")) {
			if (in == null) {
				throw new IllegalStateException("/topology.json is not on the classpath");
			}
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
