package io.securecart.platform.messaging;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Filter policies compare as SNS reads them: alternatives and keys in any order, a range's order kept. */
class DeclaredTopologyTest {

	@Test
	void alternativesAndKeysInAnotherOrderAreTheSamePolicy() {
		assertThat(normalized("{\"eventType\": [\"B\", \"A\"], \"store\": [\"x\"]}"))
			.isEqualTo(normalized("{\"store\": [\"x\"], \"eventType\": [\"A\", \"B\"]}"));
	}

	@Test
	void alternativesThatAreObjectsCompareWhateverTheOrderOfTheirKeys() {
		// Sorted by their text before their keys were, {suffix, anything-but} went after {prefix} and
		// {anything-but, suffix} before it: the same alternatives, paired off wrongly.
		assertThat(normalized("{\"store\": [{\"prefix\": \"z\"}, {\"suffix\": \"q\", \"anything-but\": [\"a\"]}]}"))
			.isEqualTo(normalized("{\"store\": [{\"anything-but\": [\"a\"], \"suffix\": \"q\"}, {\"prefix\": \"z\"}]}"));
	}

	@Test
	void aNumericRangeKeepsItsOrder() {
		assertThat(normalized("{\"amount\": [{\"numeric\": [\">\", 0, \"<=\", 150]}]}"))
			.as("swapped, the range is another one")
			.isNotEqualTo(normalized("{\"amount\": [{\"numeric\": [\"<=\", 0, \">\", 150]}]}"));
	}

	@Test
	void numbersCompareByValue() {
		assertThat(normalized("{\"amount\": [{\"numeric\": [\">=\", 1000]}], \"code\": [7]}"))
			.isEqualTo(normalized("{\"amount\": [{\"numeric\": [\">=\", 1000.0]}], \"code\": [7.00]}"));
		assertThat(normalized("{\"code\": [7]}")).isNotEqualTo(normalized("{\"code\": [\"7\"]}"));
		assertThat(normalized("{\"code\": [7]}")).isNotEqualTo(normalized("{\"code\": [70]}"));
	}

	private static JsonNode normalized(String policy) {
		return DeclaredTopology.normalized(DeclaredTopology.parse(policy).orElseThrow());
	}
}
