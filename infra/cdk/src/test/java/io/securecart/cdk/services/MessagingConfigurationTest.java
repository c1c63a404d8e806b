package io.securecart.cdk.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The task role grants what a service's application.yml names, so the synthesis refuses any way of writing the
 * setting that Spring binds and this reader would take for no entry or a literal.
 */
class MessagingConfigurationTest {

	@TempDir
	Path directory;

	@Test
	void readsYamlListsNestedOrDotted() throws IOException {
		assertThat(read("""
				securecart:
				  messaging:
				    event-buses: [securecart]
				    event-rules:
				      - securecart/high-value-orders
				""")).isEqualTo(new MessagingConfiguration(java.util.List.of("securecart"),
						java.util.List.of("securecart/high-value-orders")));
		assertThat(read("""
				securecart.messaging:
				  event-rules: [securecart/high-value-orders]
				""").eventRules()).containsExactly("securecart/high-value-orders");
		assertThat(read("server.port: 8080\n").eventRules()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// a comma-separated string, which Spring splits
			"securecart.messaging.event-rules: securecart/high-value-orders,securecart/other",
			"securecart.messaging.event-rules: securecart/high-value-orders",
			// relaxed-binding variants of the key
			"securecart.messaging.eventRules: [securecart/high-value-orders]",
			"securecart.messaging.event_rules: [securecart/high-value-orders]",
			"securecart.messaging.eventBuses: [securecart]",
			"securecart:\n  messaging:\n    EVENT-BUSES: [securecart]",
			// indexed keys
			"securecart.messaging.event-rules[0]: securecart/high-value-orders",
			"securecart.messaging.event-rules:\n  0: securecart/high-value-orders",
			// placeholders and entries that are not strings
			"securecart.messaging.event-rules: ['${RULES}']",
			"securecart.messaging.event-buses: [securecart, '${BUS:securecart}']",
			"securecart.messaging.event-buses: [1]",
			"securecart.messaging.event-buses: '${BUSES}'",
			"securecart.messaging.event-buses:" })
	void refusesWhatSpringBindsButThisReaderWouldMiss(String yaml) {
		assertThatIllegalStateException().isThrownBy(() -> read(yaml))
			.withMessageContaining("must be a YAML list of literal strings under that exact key");
	}

	private MessagingConfiguration read(String yaml) throws IOException {
		Path file = directory.resolve("application.yml");
		Files.writeString(file, yaml);
		return MessagingConfiguration.read(file);
	}
}
