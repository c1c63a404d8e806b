package io.securecart.contracts;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DeclaredEventRulesTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void findsTheHighValueRulesPatternInTheDeclaredTopology() {
		assertThat(DeclaredEventRules.eventPattern(MessagingNames.EVENT_BUS, MessagingNames.HIGH_VALUE_ORDERS_RULE))
			.hasValueSatisfying(pattern -> assertThat(pattern.path("detail-type").path(0).asString())
				.isEqualTo("OrderPlaced"));
	}

	@Test
	void findsARuleOnlyOnItsOwnBus() {
		var topology = JSON.readTree("""
				{"eventBuses": [{"name": "a", "rules": [{"name": "r", "eventPattern": {"source": ["x"]}}]},
				                {"name": "b", "rules": []}]}
				""");

		assertThat(DeclaredEventRules.eventPatternIn(topology, "a", "r")).hasValue(JSON.readTree("{\"source\": [\"x\"]}"));
		assertThat(DeclaredEventRules.eventPatternIn(topology, "b", "r")).isEmpty();
		assertThat(DeclaredEventRules.eventPatternIn(topology, "a", "s")).isEmpty();
	}
}
