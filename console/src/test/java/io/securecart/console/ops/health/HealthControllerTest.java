package io.securecart.console.ops.health;

import io.securecart.console.api.Service;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class HealthControllerTest {

	@Test
	void nestedComponentsAreFlattenedWithTheirDetails() {
		String health = """
				{"status": "UP", "components": {
				  "outbox": {"status": "UP", "details": {"pending": 3, "oldestPendingSeconds": 1.5}},
				  "db": {"status": "UP", "components": {
				    "replica": {"status": "UP", "details": {"lagMs": 42}}}}}}""";

		ServiceHealth parsed = HealthController.parse(Service.INVENTORY,
				JsonMapper.builder().build().readTree(health));

		assertThat(parsed.status()).isEqualTo("UP");
		assertThat(parsed.components()).extracting(ServiceHealth.Component::name).containsExactly("outbox", "db/replica");
		assertThat(parsed.components().getFirst().details()).containsEntry("pending", "3");
		assertThat(parsed.components().get(1).details()).containsEntry("lagMs", "42");
	}
}
